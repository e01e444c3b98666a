package dev.keyless;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.Slice;
import com.tngtech.archunit.library.dependencies.Slices;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Boundaries between packages (docs/architecture.md, "Code map"), checked on the compiled main
 * classes. Each rule names the reason it exists; a violation lists the offending dependencies.
 */
class PackageBoundariesTest {
    private static JavaClasses main;

    @BeforeAll
    static void importMain() {
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.keyless");
    }

    /** Token verification is shared by both clouds, so it must not know either of them. */
    static final ArchRule OIDC_KNOWS_NO_CLOUD = noClasses().that().resideInAPackage("dev.keyless.oidc..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.keyless.aws..", "dev.keyless.gcp..")
            .because("oidc verifies tokens for every cloud; cloud wording belongs to the cloud's package");

    /**
     * One HTTP family (issuer, AWS STS, GCP STS/IAM Credentials) never reaches into another's
     * handlers: each family renders its own wire format, and a shared need goes into a non-HTTP
     * package both use. {@code dev.keyless.http} itself (the server) is not a family.
     */
    static final ArchRule HANDLER_FAMILIES_ARE_INDEPENDENT = slices().matching("dev.keyless.(*)..http..")
            .should().notDependOnEachOther()
            .because("handlers of one protocol family must not call another family's handlers");

    /**
     * A decision package is pure logic: given parsed input, configuration and a clock it decides.
     * It reads no socket, no database and no command line, so it runs the same in the server, in
     * {@code keyless explain} and in tests. No such package exists yet; the rule holds vacuously
     * until one does and then guards it.
     */
    static final ArchRule DECISIONS_DO_NO_IO = noClasses().that().resideInAPackage("..decision..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "com.sun.net.httpserver..", "java.net.http..", "io.helidon..", "dev.keyless.http..",
                    "java.sql..", "javax.sql..", "dev.keyless.store..", "dev.keyless.cli..", "picocli..")
            .because("a decision is pure: the caller does the I/O and passes the facts in")
            .allowEmptyShould(true);

    @Test
    void oidcImportsNothingFromAwsOrGcp() {
        OIDC_KNOWS_NO_CLOUD.check(main);
    }

    @Test
    void handlerFamiliesDoNotCallEachOther() {
        // The rule compares slices: it means something only while the families are separate slices.
        assertThat(StreamSupport.stream(Slices.matching("dev.keyless.(*)..http..").transform(main).spliterator(), false)
                .map(Slice::getDescription))
                .as("handler families").contains("Slice aws", "Slice gcp", "Slice issuer");
        HANDLER_FAMILIES_ARE_INDEPENDENT.check(main);
    }

    @Test
    void decisionPackagesDoNoIo() {
        DECISIONS_DO_NO_IO.check(main);
    }

    @Test
    void theDecisionRuleBitesOnceADecisionPackageDoesIo() {
        JavaClasses fixture = new ClassFileImporter().importPackages("dev.keyless.archfixture.decision");
        assertThatThrownBy(() -> DECISIONS_DO_NO_IO.check(fixture)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("ReadsTheDatabase").hasMessageContaining("java.sql.Connection");
    }
}
