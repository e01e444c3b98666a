package dev.keyless.client;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Pure parser of STS query-protocol responses (STS API Reference, AssumeRoleWithWebIdentity). Like botocore it matches element
 * names whatever their namespace, requires the {@code ...Result} wrapper and all four
 * {@code Credentials} children, and reads {@code Error/Code}, {@code Error/Message} and
 * {@code RequestId} anywhere under an {@code ErrorResponse} root.
 */
public final class StsXmlParser {
    private StsXmlParser() {}

    public static StsCredentialsAnswer parse(int httpStatus, byte[] body) {
        Document doc;
        try {
            doc = newBuilder().parse(new ByteArrayInputStream(body));
        } catch (SAXException | IOException e) {
            return new StsCredentialsAnswer.Unrecognized(httpStatus, "the body is not XML");
        }
        Element root = doc.getDocumentElement();
        return switch (root.getLocalName()) {
            case "AssumeRoleWithWebIdentityResponse" -> httpStatus == 200
                    ? parseIssued(httpStatus, root)
                    : new StsCredentialsAnswer.Unrecognized(httpStatus, "a success body with HTTP " + httpStatus);
            case "ErrorResponse" -> parseFault(httpStatus, root);
            default -> new StsCredentialsAnswer.Unrecognized(httpStatus, "unexpected XML root <" + root.getLocalName() + ">");
        };
    }

    private static StsCredentialsAnswer parseIssued(int httpStatus, Element root) {
        Optional<Element> result = child(root, "AssumeRoleWithWebIdentityResult");
        Optional<Element> creds = result.flatMap(r -> child(r, "Credentials"));
        if (creds.isEmpty()) {
            return new StsCredentialsAnswer.Unrecognized(httpStatus, "no AssumeRoleWithWebIdentityResult/Credentials");
        }
        Optional<String> keyId = text(creds.get(), "AccessKeyId");
        Optional<String> secret = text(creds.get(), "SecretAccessKey");
        Optional<String> session = text(creds.get(), "SessionToken");
        Optional<String> expiration = text(creds.get(), "Expiration");
        if (keyId.isEmpty() || secret.isEmpty() || session.isEmpty() || expiration.isEmpty()) {
            return new StsCredentialsAnswer.Unrecognized(httpStatus,
                    "Credentials lacks one of AccessKeyId, SecretAccessKey, SessionToken, Expiration");
        }
        Instant expires;
        try {
            expires = Instant.parse(expiration.get());
        } catch (DateTimeParseException e) {
            return new StsCredentialsAnswer.Unrecognized(httpStatus, "Expiration is not an ISO-8601 instant");
        }
        // botocore derives AccountId from AssumedRoleUser/Arn (STS API Reference, Credentials).
        Optional<String> account = result.flatMap(r -> child(r, "AssumedRoleUser"))
                .flatMap(u -> text(u, "Arn"))
                .flatMap(StsXmlParser::accountOf);
        return new StsCredentialsAnswer.Issued(new AwsCredentials(keyId.get(), secret.get(), session.get(), expires, account));
    }

    private static StsCredentialsAnswer parseFault(int httpStatus, Element root) {
        Optional<String> code = descendantText(root, "Code");
        if (code.isEmpty()) {
            return new StsCredentialsAnswer.Unrecognized(httpStatus, "ErrorResponse without Error/Code");
        }
        return new StsCredentialsAnswer.Fault(code.get(), descendantText(root, "Message").orElse(""),
                descendantText(root, "RequestId").orElse("(none)"));
    }

    /** {@code arn:PARTITION:sts::ACCOUNT:assumed-role/ROLE/SESSION} → ACCOUNT (STS API Reference, GetCallerIdentity). */
    static Optional<String> accountOf(String arn) {
        String[] parts = arn.split(":", 6);
        if (parts.length < 6 || !parts[0].equals("arn") || !parts[4].matches("\\d{12}")) {
            return Optional.empty();
        }
        return Optional.of(parts[4]);
    }

    private static Optional<Element> child(Element parent, String localName) {
        for (var n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && localName.equals(e.getLocalName())) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    private static Optional<String> text(Element parent, String localName) {
        return child(parent, localName).map(e -> e.getTextContent().strip()).filter(s -> !s.isEmpty());
    }

    private static Optional<String> descendantText(Element root, String localName) {
        NodeList list = root.getElementsByTagNameNS("*", localName);
        return list.getLength() == 0 ? Optional.empty() : Optional.of(list.item(0).getTextContent().strip());
    }

    private static final class SilentErrors implements ErrorHandler {
        @Override
        public void warning(SAXParseException e) {}

        @Override
        public void error(SAXParseException e) throws SAXException {
            throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw e;
        }
    }

    /** Namespace-aware, no DTDs, no external entities, no XInclude (OWASP XXE prevention). */
    private static DocumentBuilder newBuilder() {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            // The default handler prints "[Fatal Error]" lines on stderr; a failed parse is reported by us.
            b.setErrorHandler(new SilentErrors());
            return b;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser lacks a required security feature", e);
        }
    }
}
