package dev.keyless.gcp.mapping;

import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOptions;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelFunctionBinding;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;

/**
 * The CEL dialect GCP documents for attribute mappings and conditions: standard operators and
 * macros, the string extensions ({@code split}, {@code join}, {@code lowerAscii}, …) and GCP's
 * {@code extract(template)} member function on strings (cel-java). Heterogeneous
 * numeric comparisons are switched on in both compiler and runtime, because JSON numbers arrive
 * as int or double and {@code assertion.exp > 1.5} must work (cel-java).
 */
final class CelEnvironment {

    static final String EXTRACT_OVERLOAD = "string_extract_string";

    /**
     * CEL is linear in its input per comprehension, but the input is the caller's token: a mapping
     * or condition that nests {@code all}/{@code exists} over a claim list is quadratic in a list
     * the caller chose. A token is at most 20,000 characters, so no honest list has more than a few
     * thousand elements; past this many iterations in one evaluation it fails (and fails closed).
     */
    static final int MAX_COMPREHENSION_ITERATIONS = 10_000;

    private static final CelOptions OPTIONS = CelOptions.current().enableHeterogeneousNumericComparisons(true)
            .comprehensionMaxIterations(MAX_COMPREHENSION_ITERATIONS).build();

    private final CelCompiler compiler;
    private final CelRuntime runtime;

    /**
     * The one environment of the process. It is immutable and cel-java's compiler and runtime are
     * thread-safe, and building one (protobuf descriptor pool, standard function bindings) costs
     * tens of milliseconds: every provider of every configuration load shares it. Built at first use
     * (the JVM initialises {@link Shared} once, JLS 12.4.2).
     */
    static CelEnvironment shared() {
        return Shared.INSTANCE;
    }

    private static final class Shared {
        static final CelEnvironment INSTANCE = new CelEnvironment();
    }

    private CelEnvironment() {
        MapType dyn = MapType.create(SimpleType.STRING, SimpleType.DYN);
        this.compiler = CelCompilerFactory.standardCelCompilerBuilder()
                .setOptions(OPTIONS)
                .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
                .addLibraries(CelExtensions.strings())
                .addVar("assertion", dyn)
                .addVar("google", dyn)
                .addVar("attribute", dyn)
                .addFunctionDeclarations(CelFunctionDecl.newFunctionDeclaration("extract",
                        CelOverloadDecl.newMemberOverload(EXTRACT_OVERLOAD,
                                SimpleType.STRING, SimpleType.STRING, SimpleType.STRING)))
                .build();
        // The planner runtime accepts java.lang.Integer and null map values; we still normalise
        // claims (ClaimConverter) so behaviour does not depend on that leniency.
        this.runtime = CelRuntimeFactory.plannerRuntimeBuilder()
                .setOptions(OPTIONS)
                .addLibraries(CelExtensions.strings())
                .addFunctionBindings(CelFunctionBinding.from(EXTRACT_OVERLOAD,
                        String.class, String.class, ExtractFunction::extract))
                .build();
    }

    CelCompiler compiler() {
        return compiler;
    }

    CelRuntime runtime() {
        return runtime;
    }
}
