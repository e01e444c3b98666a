package dev.keyless;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The architecture of docs/architecture.md, as build checks rather than review comments. */
class ArchitectureTest {
    private static JavaClasses main;

    @BeforeAll
    static void importMain() {
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.keyless");
    }

    @Test
    void nimbusIsUsedOnlyInOidcAndKeys() {
        noClasses().that().resideOutsideOfPackages("dev.keyless.oidc..", "dev.keyless.keys..")
                .should().dependOnClassesThat().resideInAPackage("com.nimbusds..")
                .because("JOSE parsing of untrusted input happens in one hardened place")
                .check(main);
    }

    @Test
    void nothingReadsTheWallClockDirectly() {
        noClasses().that().doNotHaveFullyQualifiedName("dev.keyless.cli.CliEnvironment")
                .should().callMethod(java.time.Instant.class, "now")
                .orShould().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(java.time.LocalDateTime.class, "now")
                .orShould().callMethod(java.time.Clock.class, "systemUTC")
                .because("a Clock is passed in everywhere so tests control time")
                .check(main);
    }

    @Test
    void caseConversionAlwaysNamesALocale() {
        noClasses().should().callMethod(String.class, "toLowerCase")
                .orShould().callMethod(String.class, "toUpperCase")
                .because("toLowerCase() without a Locale breaks in the Turkish locale")
                .check(main);
    }

    @Test
    void policyEngineIsPureLogic() {
        noClasses().that().resideInAPackage("dev.keyless.aws.policy..")
                .should().dependOnClassesThat().resideInAnyPackage("java.net.http..", "java.sql..", "java.nio.file..", "java.nio.channels..",
                        "dev.keyless.http..", "dev.keyless.store..", "dev.keyless.config..")
                // java.net.InetAddress stays allowed: IpRange parses IP literals only (checked by regex first, no DNS).
                .because("aws.policy parses, evaluates and explains without I/O")
                .check(main);
    }

    @Test
    void awsDecisionIsPureLogic() {
        noClasses().that().resideInAPackage("dev.keyless.aws.decision..")
                .should().dependOnClassesThat().resideInAnyPackage("java.net..", "java.sql..", "java.nio.file..",
                        "java.nio.channels..", "dev.keyless.http..", "dev.keyless.store..", "dev.keyless.cli..",
                        "dev.keyless.aws.sts.http..", "dev.keyless.explain..", "dev.keyless.trust..", "io.helidon..")
                .because("the STS, keyless explain and keyless test render one decision made without I/O")
                .check(main);
    }

    @Test
    void sharedDecisionTypesAreCloudNeutral() {
        noClasses().that().resideInAPackage("dev.keyless.decision..")
                .should().dependOnClassesThat().resideInAnyPackage("java.net..", "java.sql..", "java.nio.file..",
                        "java.nio.channels..", "dev.keyless.http..", "dev.keyless.store..", "dev.keyless.cli..",
                        "dev.keyless.aws..", "dev.keyless.gcp..", "dev.keyless.explain..", "dev.keyless.trust..",
                        "dev.keyless.audit..", "io.helidon..", "picocli..")
                .because("the check record both deciders and the renderers share belongs to no cloud and does no I/O")
                .check(main);
    }

    @Test
    void gcpDecisionIsPureLogic() {
        noClasses().that().resideInAPackage("dev.keyless.gcp.decision..")
                .should().dependOnClassesThat().resideInAnyPackage("java.net..", "java.sql..", "java.nio.file..",
                        "java.nio.channels..", "dev.keyless.http..", "dev.keyless.store..", "dev.keyless.cli..",
                        "dev.keyless.audit..", "dev.keyless.gcp.http..", "dev.keyless.gcp.federation..", "io.helidon..",
                        "picocli..")
                .because("one GCP decision for the server, explain and test: no HTTP, no JDBC, no CLI, no I/O")
                .check(main);
    }

    @Test
    void protocolPackagesDoNotReachIntoTheStore() {
        noClasses().that().resideInAnyPackage("dev.keyless.aws.sts..", "dev.keyless.gcp..", "dev.keyless.oidc..")
                .should().dependOnClassesThat().resideInAPackage("java.sql..")
                .check(main);
    }
}
