package dev.ticketing.operator.crd;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.common.values.NullValue;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;

/**
 * Evaluates a CRD's CEL rules as the API server would, for values parsed from YAML or JSON. {@code self} and
 * {@code oldSelf} are dynamic; a transition rule (one that reads {@code oldSelf}) passes on create, as in Kubernetes.
 */
final class CelRules {

    private static final CelOptions OPTIONS = CelOptions.current().enableHeterogeneousNumericComparisons(true).build();
    private static final CelCompiler COMPILER = CelCompilerFactory.standardCelCompilerBuilder()
            .setOptions(OPTIONS)
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addLibraries(CelExtensions.strings())
            .addVar("self", SimpleType.DYN)
            .addVar("oldSelf", SimpleType.DYN)
            .setResultType(SimpleType.BOOL)
            .build();
    private static final CelRuntime RUNTIME = CelRuntimeFactory.plannerRuntimeBuilder()
            .setOptions(OPTIONS)
            .addLibraries(CelExtensions.strings())
            .build();

    private CelRules() {
    }

    static CelAbstractSyntaxTree compile(String rule) throws CelValidationException {
        return COMPILER.compile(rule).getAst();
    }

    static boolean isTransitionRule(CelAbstractSyntaxTree ast) {
        return ast.getReferenceMap().values().stream().anyMatch(r -> r.name().equals("oldSelf"));
    }

    /** @param oldSelf null on create */
    static boolean evaluate(String rule, Object self, Object oldSelf) throws CelValidationException, CelEvaluationException {
        CelAbstractSyntaxTree ast = compile(rule);
        if (oldSelf == null && isTransitionRule(ast)) {
            return true;
        }
        Map<String, Object> variables = new HashMap<>();
        variables.put("self", normalize(self));
        if (oldSelf != null) {
            variables.put("oldSelf", normalize(oldSelf));
        }
        Object result = RUNTIME.createProgram(ast).eval(variables);
        if (!(result instanceof Boolean b)) {
            throw new AssertionError("rule " + rule + " gave " + result + ", not a bool");
        }
        return b;
    }

    /** YAML/JSON values as CEL wants them: integers as Long, nulls as CEL null. */
    private static Object normalize(Object value) {
        return switch (value) {
            case null -> NullValue.NULL_VALUE;
            case Integer i -> i.longValue();
            case Short i -> i.longValue();
            case BigInteger i -> i.longValueExact();
            case Float f -> f.doubleValue();
            case Map<?, ?> map -> {
                Map<Object, Object> out = new LinkedHashMap<>();
                map.forEach((k, v) -> out.put(k, normalize(v)));
                yield out;
            }
            case List<?> list -> {
                List<Object> out = new ArrayList<>(list.size());
                list.forEach(v -> out.add(normalize(v)));
                yield out;
            }
            default -> value;
        };
    }
}
