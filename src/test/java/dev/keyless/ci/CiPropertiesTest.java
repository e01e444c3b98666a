package dev.keyless.ci;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;

/** Properties of the CI file reader and GitLab's variable expansion, for any input. */
class CiPropertiesTest {

    @Property(tries = 300)
    void loadWhenAnyTextThenAJobOrADeclaredRefusal(@ForAll @StringLength(max = 400) String text) {
        try {
            GitlabCiConfig.load(".gitlab-ci.yml", p -> Optional.of(text)).job("deploy");
        } catch (CiFileException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    @Property(tries = 300)
    void expandWhenTextHasNoDollarOrPercentThenUnchanged(@ForAll @StringLength(max = 80) String text) {
        String plain = text.replace("$", "").replace("%", "");
        CiVariables v = CiVariables.expandAll(List.of(new CiJob.CiVariable("A", "x", false)));
        assertThat(v.expand(plain)).isEqualTo(plain);
    }

    @Property(tries = 300)
    void expandWhenAllThreeSyntaxesThenSameValue(@ForAll @AlphaChars @StringLength(min = 1, max = 12) String name,
            @ForAll @AlphaChars @StringLength(max = 20) String value) {
        CiVariables v = CiVariables.expandAll(List.of(new CiJob.CiVariable(name, value, false)));
        assertThat(List.of(v.expand("$" + name), v.expand("${" + name + "}"), v.expand("%" + name + "%")))
                .containsOnly(value);
    }

    @Property(tries = 200)
    void durationWhenHoursAndMinutesThenTheirSeconds(@ForAll @IntRange(min = 0, max = 200) int hours,
            @ForAll @IntRange(min = 1, max = 59) int minutes) {
        assertThat(CiDurations.parse(hours + "h " + minutes + "m")).contains(java.time.Duration.ofSeconds(hours * 3600L + minutes * 60L));
        assertThat(CiDurations.parse(hours + " hours " + minutes + " minutes")).contains(java.time.Duration.ofSeconds(hours * 3600L + minutes * 60L));
    }

    @Property(tries = 100)
    void mergeWhenOverHasAKeyThenItWins(@ForAll @AlphaChars @StringLength(min = 1, max = 8) String key,
            @ForAll @StringLength(max = 8) String a, @ForAll @StringLength(max = 8) String b) {
        var merged = GitlabCiConfig.deepMerge(Map.of(key, a, "keep_1", "k"), Map.of(key, b));
        assertThat(merged).containsEntry(key, b).containsEntry("keep_1", "k");
    }
}
