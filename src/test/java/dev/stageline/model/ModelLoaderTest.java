package dev.stageline.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.stageline.model.Condition.All;
import dev.stageline.model.Condition.Any;
import dev.stageline.model.Condition.EventTest;
import dev.stageline.model.Condition.FieldTest;
import dev.stageline.model.Condition.Not;
import dev.stageline.model.Stage.Kind;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.Set;

class ModelLoaderTest {

    private static final String FILE = "models/test.yaml";

    private static final String OPERATORS =
            "eq, ne, in, not_in, contains, starts_with,"
                    + " ends_with, gt, gte, lt, lte, between, exists, changed, changed_to, matches";

    /** The problems {@code yaml} is rejected with, each as {@code file:line: message}. */
    private static List<String> problems(String yaml) {
        ModelException rejected =
                assertThrows(ModelException.class, () -> ModelLoader.parse(FILE, yaml));
        return rejected.problems().stream().map(ModelProblem::toString).toList();
    }

    /** The condition of the only rule of {@code yaml}. */
    private static Condition condition(String yaml) {
        return ModelLoader.parse(FILE, yaml).rules().get(0).condition();
    }

    /** A model with one stage and one rule whose {@code when} is {@code condition}. */
    private static String withCondition(String condition) {
        return """
        name: conditions
        attributes: [score, country, lead_status, owner, budget_confirmed]
        stages:
          - id: lead
            kind: success
        rules:
          - id: known
            to: lead
            when:
        """
                + condition.indent(6);
    }

    private static FieldTest fieldTest(String field, Operator operator, List<Object> operands) {
        return new FieldTest(field, operator, operands, false);
    }

    @Nested
    class DefaultModel {

        private final LifecycleModel model = ModelLoader.load(Path.of("models/default.yaml"));

        @Test
        void load_whenDefaultModel_readsItsSettings() {
            assertEquals("default", model.name());
            assertEquals(ZoneId.of("UTC"), model.timeZone());
            assertEquals(DayOfWeek.MONDAY, model.weekStart());
            assertEquals(SkippedStages.PASS_THROUGH, model.skippedStages());
            assertEquals(Duration.ofDays(90), model.conversionWindow());
            assertEquals(List.of("country", "source"), model.dimensions());
            assertEquals(
                    Set.of(
                            "score",
                            "country",
                            "source",
                            "lead_status",
                            "company_size",
                            "budget_confirmed",
                            "deal_stage"),
                    model.attributes());
        }

        @Test
        void load_whenDefaultModel_readsStagesInFileOrder() {
            Optional<Duration> twoDays = Optional.of(Duration.ofDays(2));
            List<Stage> expected =
                    List.of(
                            new Stage("lead", "Lead", Kind.SUCCESS, Optional.empty(), false),
                            new Stage("mql", "MQL", Kind.SUCCESS, twoDays, false),
                            new Stage("sal", "SAL", Kind.SUCCESS, twoDays, false),
                            new Stage("sql", "SQL", Kind.SUCCESS, Optional.empty(), false),
                            new Stage(
                                    "opportunity",
                                    "Opportunity",
                                    Kind.SUCCESS,
                                    Optional.empty(),
                                    false),
                            new Stage("won", "Won", Kind.SUCCESS, Optional.empty(), true),
                            new Stage("recycled", "Recycled", Kind.DETOUR, Optional.empty(), false),
                            new Stage(
                                    "disqualified",
                                    "Disqualified",
                                    Kind.DETOUR,
                                    Optional.empty(),
                                    true));

            assertEquals(expected, model.stages());
        }

        @Test
        void load_whenDefaultModel_readsRulesWithConditionsAndLines() {
            BigDecimal fifty = new BigDecimal("50");
            List<Rule> expected =
                    List.of(
                            new Rule(
                                    "known-lead",
                                    "lead",
                                    List.of(),
                                    new EventTest(List.of("form_submitted", "contact_created")),
                                    53),
                            new Rule(
                                    "mql-by-score",
                                    "mql",
                                    List.of(),
                                    new Any(
                                            List.of(
                                                    fieldTest(
                                                            "score", Operator.GTE, List.of(fifty)),
                                                    new EventTest(List.of("demo_requested")))),
                                    58),
                            new Rule(
                                    "sales-accepted",
                                    "sal",
                                    List.of(),
                                    new EventTest(List.of("sales_accepted")),
                                    66),
                            new Rule(
                                    "sales-qualified",
                                    "sql",
                                    List.of(),
                                    new All(
                                            List.of(
                                                    fieldTest(
                                                            "lead_status",
                                                            Operator.IN,
                                                            List.of(
                                                                    "qualified",
                                                                    "sales qualified")),
                                                    fieldTest(
                                                            "budget_confirmed",
                                                            Operator.EQ,
                                                            List.of(true)))),
                                    71),
                            new Rule(
                                    "opportunity-created",
                                    "opportunity",
                                    List.of(),
                                    new EventTest(List.of("opportunity_created")),
                                    80),
                            new Rule(
                                    "deal-won",
                                    "won",
                                    List.of(),
                                    fieldTest("deal_stage", Operator.EQ, List.of("closedwon")),
                                    85),
                            new Rule(
                                    "recycle",
                                    "recycled",
                                    List.of("mql", "sal", "sql"),
                                    fieldTest(
                                            "lead_status",
                                            Operator.CHANGED_TO,
                                            List.of("recycled")),
                                    91),
                            new Rule(
                                    "back-from-recycling",
                                    "mql",
                                    List.of("recycled"),
                                    new All(
                                            List.of(
                                                    new EventTest(
                                                            List.of(
                                                                    "form_submitted",
                                                                    "demo_requested")),
                                                    fieldTest(
                                                            "score",
                                                            Operator.GTE,
                                                            List.of(fifty)))),
                                    98),
                            new Rule(
                                    "disqualify",
                                    "disqualified",
                                    List.of("lead", "mql", "sal", "sql", "opportunity", "recycled"),
                                    fieldTest(
                                            "lead_status",
                                            Operator.IN,
                                            List.of("unqualified", "disqualified")),
                                    107));

            assertEquals(expected, model.rules());
        }
    }

    @Nested
    class Reading {

        @Test
        void parse_whenOptionalKeysLeftOut_appliesDefaults() {
            LifecycleModel model =
                    ModelLoader.parse(
                            FILE,
                            """
                            name: bare
                            attributes: []
                            stages:
                              - id: lead
                                kind: success
                            rules:
                              - id: known
                                to: lead
                                when: {event: form_submitted}
                            """);

            assertEquals(ZoneId.of("UTC"), model.timeZone());
            assertEquals(DayOfWeek.MONDAY, model.weekStart());
            assertEquals(SkippedStages.PASS_THROUGH, model.skippedStages());
            assertEquals(Duration.ofDays(90), model.conversionWindow());
            assertEquals(List.of(), model.dimensions());
            assertEquals(
                    List.of(new Stage("lead", "lead", Kind.SUCCESS, Optional.empty(), false)),
                    model.stages());
        }

        @Test
        void parse_whenSettingsGiven_readsThem() {
            LifecycleModel model =
                    ModelLoader.parse(
                            FILE,
                            """
                            name: berlin
                            timeZone: Europe/Berlin
                            weekStart: sunday
                            skippedStages: strict
                            conversionWindow: P2W
                            attributes: []
                            stages:
                              - id: lead
                                kind: success
                                sla: P1DT12H
                            rules:
                              - id: known
                                to: lead
                                when: {event: form_submitted}
                            """);

            assertEquals(ZoneId.of("Europe/Berlin"), model.timeZone());
            assertEquals(DayOfWeek.SUNDAY, model.weekStart());
            assertEquals(SkippedStages.STRICT, model.skippedStages());
            assertEquals(Duration.ofDays(14), model.conversionWindow());
            assertEquals(Optional.of(Duration.ofHours(36)), model.stages().get(0).sla());
        }

        @Test
        void loadResource_whenModelOnClasspath_readsIt() {
            LifecycleModel model = ModelLoader.loadResource("models/tiny.yaml");

            assertEquals("tiny", model.name());
            assertEquals(List.of("known", "scored"), model.rules().stream().map(Rule::id).toList());
        }

        @Test
        void loadResource_whenNoSuchResource_throwsIllegalArgument() {
            IllegalArgumentException thrown =
                    assertThrows(
                            IllegalArgumentException.class,
                            () -> ModelLoader.loadResource("models/absent.yaml"));

            assertEquals("no model 'models/absent.yaml' on the classpath", thrown.getMessage());
        }

        @Test
        void load_whenFileMissing_throwsUncheckedIo() {
            assertThrows(
                    UncheckedIOException.class,
                    () -> ModelLoader.load(Path.of("models/absent.yaml")));
        }
    }

    @Nested
    class Operands {

        @Test
        void parse_whenScalarOperands_typesThemAsTextNumberOrBoolean() {
            Condition condition =
                    condition(
                            withCondition(
                                    """
                                    all:
                                      - {field: score, eq: 50}
                                      - {field: score, lt: 12.5}
                                      - {field: score, ne: "50"}
                                      - {field: budget_confirmed, eq: true}
                                      - {field: country, eq: DE}
                                      - {field: lead_status, changed_to: closed-won}
                                    """));

            assertEquals(
                    new All(
                            List.of(
                                    fieldTest("score", Operator.EQ, List.of(new BigDecimal("50"))),
                                    fieldTest(
                                            "score", Operator.LT, List.of(new BigDecimal("12.5"))),
                                    fieldTest("score", Operator.NE, List.of("50")),
                                    fieldTest(
                                            "budget_confirmed", Operator.EQ, List.of(Boolean.TRUE)),
                                    fieldTest("country", Operator.EQ, List.of("DE")),
                                    fieldTest(
                                            "lead_status",
                                            Operator.CHANGED_TO,
                                            List.of("closed-won")))),
                    condition);
        }

        @Test
        void parse_whenInGivenOneValue_makesListOfOne() {
            Condition condition = condition(withCondition("{field: country, in: DE}"));

            assertEquals(fieldTest("country", Operator.IN, List.of("DE")), condition);
        }

        @Test
        void parse_whenListOperators_keepValuesInOrder() {
            Condition condition =
                    condition(
                            withCondition(
                                    """
                                    all:
                                      - {field: country, not_in: [DE, 7, false]}
                                      - {field: score, between: [10, 50]}
                                    """));

            assertEquals(
                    new All(
                            List.of(
                                    fieldTest(
                                            "country",
                                            Operator.NOT_IN,
                                            List.of("DE", new BigDecimal("7"), Boolean.FALSE)),
                                    fieldTest(
                                            "score",
                                            Operator.BETWEEN,
                                            List.of(new BigDecimal("10"), new BigDecimal("50"))))),
                    condition);
        }

        @Test
        void parse_whenExistsAndChanged_haveNoOperands() {
            Condition condition =
                    condition(
                            withCondition(
                                    """
                                    any:
                                      - {field: owner, exists: true}
                                      - {field: lead_status, changed: true}
                                    """));

            assertEquals(
                    new Any(
                            List.of(
                                    fieldTest("owner", Operator.EXISTS, List.of()),
                                    fieldTest("lead_status", Operator.CHANGED, List.of()))),
                    condition);
        }

        @Test
        void parse_whenCaseSensitiveAndMatches_keepsPatternAndFlag() {
            Condition condition =
                    condition(
                            withCondition(
                                    """
                                    field: owner
                                    matches: "^[A-Z]{2}-\\\\d+$"
                                    case: sensitive
                                    """));

            assertEquals(
                    new FieldTest("owner", Operator.MATCHES, List.of("^[A-Z]{2}-\\d+$"), true),
                    condition);
        }

        @Test
        void parse_whenNotAndSingleEvent_buildsNegationAndListOfOne() {
            Condition condition =
                    condition(
                            withCondition(
                                    """
                                    all:
                                      - event: demo_requested
                                      - not: {field: lead_status, starts_with: dis, case: insensitive}
                                    """));

            assertEquals(
                    new All(
                            List.of(
                                    new EventTest(List.of("demo_requested")),
                                    new Not(
                                            fieldTest(
                                                    "lead_status",
                                                    Operator.STARTS_WITH,
                                                    List.of("dis"))))),
                    condition);
        }
    }

    @Nested
    class FileProblems {

        @Test
        void parse_whenYamlSyntaxBroken_reportsLineSnakeyamlGives() {
            assertEquals(
                    List.of(
                            FILE
                                    + ":4: YAML syntax error: expected <block end>, but found"
                                    + " '<block mapping start>' (while parsing a block"
                                    + " collection)"),
                    problems(
                            """
                            name: broken
                            stages:
                              - id: lead
                               kind: success
                            """));
        }

        @Test
        void parse_whenFileEmpty_reportsLineOne() {
            assertEquals(
                    List.of(
                            FILE
                                    + ":1: the file is empty; a model needs at least name,"
                                    + " attributes, stages and rules"),
                    problems(""));
        }

        @Test
        void parse_whenTopLevelIsList_reportsItMustBeMapping() {
            assertEquals(
                    List.of(
                            FILE
                                    + ":1: a model file must be a set of 'key: value' lines,"
                                    + " not a list"),
                    problems("- name: x\n"));
        }

        @Test
        void parse_whenKeyMisspelt_suggestsTheKnownKey() {
            assertEquals(
                    List.of(FILE + ":10: unknown key 'dimensoins'; did you mean 'dimensions'?"),
                    problems(
                            """
                            name: typo
                            attributes: []
                            stages:
                              - id: lead
                                kind: success
                            rules:
                              - id: known
                                to: lead
                                when: {event: form_submitted}
                            dimensoins: []
                            """));
        }

        @Test
        void parse_whenKeyUnknownAndNotClose_listsTheAllowedKeys() {
            assertEquals(
                    List.of(
                            FILE
                                    + ":5: unknown key 'colour'; the keys of a stage are id,"
                                    + " name, kind, sla, terminal"),
                    problems(
                            """
                            name: colours
                            attributes: []
                            stages:
                              - id: lead
                                colour: blue
                                kind: success
                            rules:
                              - id: known
                                to: lead
                                when: {event: form_submitted}
                            """));
        }

        @Test
        void parse_whenRequiredKeysMissing_reportsEachWhereItsMappingStarts() {
            assertEquals(
                    List.of(
                            FILE + ":1: the model is missing the key 'attributes'",
                            FILE + ":3: a stage is missing the key 'id'",
                            FILE + ":3: the stage is missing the key 'kind'"),
                    problems(
                            """
                            name: partial
                            stages:
                              - name: Lead
                            rules: []
                            """));
        }

        @Test
        void parse_whenKeyWrittenTwice_reportsSecondWithLineOfFirst() {
            assertEquals(
                    List.of(FILE + ":2: key 'name' is written twice (first on line 1)"),
                    problems(
                            """
                            name: first
                            name: second
                            attributes: []
                            stages:
                              - id: lead
                                kind: success
                            rules:
                              - id: known
                                to: lead
                                when: {event: form_submitted}
                            """));
        }

        @Test
        void parse_whenValuesHaveWrongTypes_saysWhatWasExpected() {
            assertEquals(
                    List.of(
                            FILE + ":1: name must be a single value, not a list",
                            FILE
                                    + ":2: 'attributes' must be a list, not a set of 'key: value'"
                                    + " lines",
                            FILE
                                    + ":3: 'stages' must be a list of stages, each starting with '-"
                                    + " id:', not 'lead'",
                            FILE
                                    + ":7: a condition must be a set of 'key: value' lines,"
                                    + " not 'form_submitted'"),
                    problems(
                            """
                            name: [a, b]
                            attributes: {score: 1}
                            stages: lead
                            rules:
                              - id: known
                                to: lead
                                when: form_submitted
                            """));
        }

        @Test
        void parse_whenSettingsInvalid_reportsEachWithAHint() {
            assertEquals(
                    List.of(
                            FILE
                                    + ":2: timeZone is '+02:00', a fixed offset that ignores summer"
                                    + " time; use an IANA name such as Europe/Berlin",
                            FILE
                                    + ":3: weekStart is 'Mondays', not one of monday, tuesday,"
                                    + " wednesday, thursday, friday, saturday, sunday; did you mean"
                                    + " 'monday'?",
                            FILE
                                    + ":4: skippedStages is 'passthrough', not one of pass_through,"
                                    + " strict; did you mean 'pass_through'?",
                            FILE
                                    + ":5: conversionWindow is '90 days', not an ISO-8601 duration;"
                                    + " write days as P2D, hours as PT4H, both as P1DT12H"),
                    problems(
                            """
                            name: settings
                            timeZone: +02:00
                            weekStart: Mondays
                            skippedStages: passthrough
                            conversionWindow: 90 days
                            attributes: []
                            stages:
                              - id: lead
                                kind: success
                            rules:
                              - id: known
                                to: lead
                                when: {event: form_submitted}
                            """));
        }

        @Test
        void parse_whenTimeZoneUnknown_suggestsTheIanaName() {
            assertEquals(
                    List.of(
                            FILE
                                    + ":2: timeZone is 'europe/berlin', not an IANA time zone"
                                    + " name such as Europe/Berlin or America/New_York;"
                                    + " did you mean 'Europe/Berlin'?"),
                    problems(
                            """
                            name: zone
                            timeZone: europe/berlin
                            attributes: []
                            stages:
                              - id: lead
                                kind: success
                            rules:
                              - id: known
                                to: lead
                                when: {event: form_submitted}
                            """));
        }
    }

    @Nested
    class StageProblems {

        @Test
        void parse_whenStageValuesInvalid_reportsEachOnItsLine() {
            assertEquals(
                    List.of(
                            FILE
                                    + ":5: the kind of stage 'lead' is 'sucess', not one of"
                                    + " success, detour; did you mean 'success'?",
                            FILE
                                    + ":6: the sla of stage 'lead' is 'P1M', not an ISO-8601"
                                    + " duration; months and years vary in length, so write days,"
                                    + " such as P30D",
                            FILE
                                    + ":9: the terminal flag of stage 'won' must be true or false,"
                                    + " not 'yes'",
                            FILE
                                    + ":10: the sla of stage 'won' is 'PT0H'; it must be longer"
                                    + " than zero"),
                    problems(
                            """
                            name: stages
                            attributes: []
                            stages:
                              - id: lead
                                kind: sucess
                                sla: P1M
                              - id: won
                                kind: success
                                terminal: yes
                                sla: PT0H
                            rules:
                              - id: known
                                to: lead
                                when: {event: form_submitted}
                            """));
        }

        @Test
        void parse_whenIdsUsedTwice_reportsSecondWithLineOfFirst() {
            assertEquals(
                    List.of(
                            FILE + ":6: stage id 'lead' is used twice (first on line 4)",
                            FILE + ":12: rule id 'known' is used twice (first on line 9)"),
                    problems(
                            """
                            name: twice
                            attributes: []
                            stages:
                              - id: lead
                                kind: success
                              - id: lead
                                kind: success
                            rules:
                              - id: known
                                to: lead
                                when: {event: form_submitted}
                              - id: known
                                to: lead
                                when: {event: contact_created}
                            """));
        }

        @Test
        void parse_whenNoSuccessStage_reportsAtTheStageList() {
            assertEquals(
                    List.of(
                            FILE
                                    + ":3: the model has no success stage; at least one stage"
                                    + " needs kind: success"),
                    problems(
                            """
                            name: detours
                            attributes: []
                            stages:
                              - id: nurture
                                kind: detour
                            rules:
                              - id: nurture
                                to: nurture
                                when: {event: form_submitted}
                            """));
        }

        @Test
        void parse_whenPassThrough_reportsOnlyStagesNoJumpCrosses() {
            assertEquals(
                    List.of(
                            FILE
                                    + ":11: stage 'won' cannot be reached: no rule moves a lead to"
                                    + " it or to a later success stage",
                            FILE
                                    + ":13: stage 'nurture' cannot be reached: no rule moves a lead"
                                    + " to it"),
                    problems(reachModel("pass_through")));
        }

        @Test
        void parse_whenStrict_reportsSkippedSuccessStageAsUnreachable() {
            assertEquals(
                    List.of(
                            FILE + ":7: stage 'mql' cannot be reached: no rule moves a lead to it",
                            FILE + ":11: stage 'won' cannot be reached: no rule moves a lead to it",
                            FILE
                                    + ":13: stage 'nurture' cannot be reached: no rule moves a lead"
                                    + " to it"),
                    problems(reachModel("strict")));
        }

        /** Rules reach lead and sql only: mql lies between them, won after them. */
        private static String reachModel(String skippedStages) {
            return """
            name: reach
            skippedStages: %s
            attributes: []
            stages:
              - id: lead
                kind: success
              - id: mql
                kind: success
              - id: sql
                kind: success
              - id: won
                kind: success
              - id: nurture
                kind: detour
            rules:
              - id: known
                to: lead
                when: {event: form_submitted}
              - id: qualified
                to: sql
                when: {event: sales_qualified}
            """
                    .formatted(skippedStages);
        }
    }

    @Nested
    class RuleProblems {

        @Test
        void parse_whenRuleNamesUnknownStages_reportsEachWithSuggestion() {
            assertEquals(
                    List.of(
                            FILE
                                    + ":13: rule 'mql-by-score' targets unknown stage 'mqll';"
                                    + " did you mean 'mql'?",
                            FILE
                                    + ":14: rule 'mql-by-score' leaves from unknown stage 'leed';"
                                    + " did you mean 'lead'?",
                            FILE + ":14: rule 'mql-by-score' leaves from unknown stage 'nurture'"),
                    problems(
                            """
                            name: references
                            attributes: []
                            stages:
                              - id: lead
                                kind: success
                              - id: mql
                                kind: success
                            rules:
                              - id: known
                                to: lead
                                when: {event: form_submitted}
                              - id: mql-by-score
                                to: mqll
                                from: [lead, leed, nurture]
                                when: {event: demo_requested}
                            """));
        }

        @Test
        void parse_whenFromListsOnlyTheTarget_reportsRuleCanNeverFire() {
            assertEquals(
                    List.of(
                            FILE
                                    + ":9: rule 'stuck' can never fire: its 'from' lists only"
                                    + " its own target 'lead'"),
                    problems(
                            """
                            name: stuck
                            attributes: []
                            stages:
                              - id: lead
                                kind: success
                            rules:
                              - id: stuck
                                to: lead
                                from: [lead]
                                when: {event: form_submitted}
                            """));
        }

        @Test
        void parse_whenFromIsEmptyList_pointsToTheDefault() {
            assertEquals(
                    List.of(
                            FILE
                                    + ":9: from: [] lets the rule leave no stage; leave 'from' out"
                                    + " for the default (no stage yet, or an earlier success"
                                    + " stage)"),
                    problems(
                            """
                            name: nowhere
                            attributes: []
                            stages:
                              - id: lead
                                kind: success
                            rules:
                              - id: known
                                to: lead
                                from: []
                                when: {event: form_submitted}
                            """));
        }

        @Test
        void parse_whenDimensionNotAnAttribute_reportsItIsNeverStored() {
            assertEquals(
                    List.of(
                            FILE
                                    + ":3: dimension 'regoin' is not in attributes, so it is"
                                    + " never stored; did you mean 'region'?"),
                    problems(
                            """
                            name: dimensions
                            attributes: [country, region]
                            dimensions: [country, regoin]
                            stages:
                              - id: lead
                                kind: success
                            rules:
                              - id: known
                                to: lead
                                when: {event: form_submitted}
                            """));
        }
    }

    @Nested
    class ConditionProblems {

        @Test
        void parse_whenOperatorUnknown_namesTheAllowedOperators() {
            assertEquals(
                    List.of(
                            FILE
                                    + ":11: unknown operator 'greater_than' in the test of"
                                    + " field 'score'; the operators are "
                                    + OPERATORS),
                    problems(
                            withCondition(
                                    """
                                    field: score
                                    greater_than: 50
                                    """)));
        }

        @Test
        void parse_whenOperatorMisspelt_suggestsTheOperator() {
            assertEquals(
                    List.of(
                            FILE
                                    + ":10: unknown operator 'gtee' in the test of field"
                                    + " 'score'; did you mean 'gte'? the operators are "
                                    + OPERATORS),
                    problems(withCondition("{field: score, gtee: 50}")));
        }

        @Test
        void parse_whenFieldNotAnAttribute_reportsUnknownField() {
            assertEquals(
                    List.of(
                            FILE
                                    + ":10: rule 'known' tests unknown field 'scor', which is"
                                    + " not in attributes; did you mean 'score'?"),
                    problems(withCondition("{field: scor, gte: 50}")));
        }

        @Test
        void parse_whenProblemIsNested_reportsTheLineOfTheValue() {
            assertEquals(
                    List.of(FILE + ":14: gt takes one value, not a list"),
                    problems(
                            withCondition(
                                    """
                                    all:
                                      - {field: score, gte: 1}
                                      - not:
                                          field: score
                                          gt: [1, 2]
                                    """)));
        }

        @Test
        void parse_whenExistsFalse_suggestsNotExists() {
            assertEquals(
                    List.of(
                            FILE
                                    + ":10: exists: false is not allowed;"
                                    + " write not: {field: owner, exists: true}"),
                    problems(withCondition("{field: owner, exists: false}")));
        }

        @Test
        void parse_whenChangedNotTrue_saysItTakesOnlyTrue() {
            assertEquals(
                    List.of(FILE + ":10: changed takes only true, not 'yes'"),
                    problems(withCondition("{field: owner, changed: yes}")));
        }

        @Test
        void parse_whenEqGivenList_suggestsIn() {
            assertEquals(
                    List.of(
                            FILE
                                    + ":10: eq takes one value, not a list;"
                                    + " for a list of values use in"),
                    problems(withCondition("{field: country, eq: [DE, AT]}")));
        }

        @Test
        void parse_whenOperandEmpty_reportsNoValue() {
            assertEquals(
                    List.of(FILE + ":11: 'eq' on field 'country' has no value"),
                    problems(
                            withCondition(
                                    """
                                    field: country
                                    eq:
                                    """)));
        }

        @Test
        void parse_whenBetweenNotTwoValues_showsTheForm() {
            assertEquals(
                    List.of(
                            FILE
                                    + ":10: between on field 'score' needs exactly two values,"
                                    + " lowest first, as in between: [10, 50]"),
                    problems(withCondition("{field: score, between: [1, 2, 3]}")));
        }

        @Test
        void parse_whenBetweenBoundsReversed_showsTheRightOrder() {
            assertEquals(
                    List.of(
                            FILE
                                    + ":10: between on field 'score' has its lowest value"
                                    + " last; write between: [10, 50]"),
                    problems(withCondition("{field: score, between: [50, 10]}")));
        }

        @Test
        void parse_whenTwoOperators_saysATestHasOne() {
            assertEquals(
                    List.of(
                            FILE
                                    + ":10: the test of field 'score' has 2 operators (gte, lte); a"
                                    + " test has exactly one, so combine tests with all, or use"
                                    + " between"),
                    problems(withCondition("{field: score, gte: 10, lte: 50}")));
        }

        @Test
        void parse_whenPatternDoesNotCompile_reportsWhy() {
            assertEquals(
                    List.of(
                            FILE
                                    + ":10: 'matches' on field 'owner' is not a valid regular"
                                    + " expression: Unclosed character class near position 4"),
                    problems(withCondition("{field: owner, matches: '([a-z'}")));
        }

        @Test
        void parse_whenPatternTooLong_reportsTheLimit() {
            String pattern = "a".repeat(ConditionReader.MAX_PATTERN_LENGTH + 1);

            assertEquals(
                    List.of(
                            FILE
                                    + ":10: 'matches' on field 'owner' is 201 characters long;"
                                    + " a regular expression may have at most 200"),
                    problems(withCondition("{field: owner, matches: '" + pattern + "'}")));
        }

        @Test
        void parse_whenFieldKeyMisspelt_suggestsField() {
            assertEquals(
                    List.of(FILE + ":10: unknown key 'feild'; did you mean 'field'?"),
                    problems(withCondition("{feild: score, eq: 1}")));
        }

        @Test
        void parse_whenKeyBesideAll_saysAllStandsAlone() {
            assertEquals(
                    List.of(
                            FILE
                                    + ":11: 'case' cannot stand beside all; a condition with all"
                                    + " has no other key"),
                    problems(
                            withCondition(
                                    """
                                    all: [{event: demo_requested}]
                                    case: sensitive
                                    """)));
        }

        @Test
        void parse_whenCaseKeyMisspelt_suggestsCase() {
            assertEquals(
                    List.of(
                            FILE
                                    + ":10: unknown operator 'cases' in the test of field"
                                    + " 'owner'; did you mean 'case'? the operators are "
                                    + OPERATORS),
                    problems(withCondition("{field: owner, cases: sensitive, eq: Ann}")));
        }

        @Test
        void parse_whenConditionMixesKinds_saysToCombineThem() {
            assertEquals(
                    List.of(
                            FILE
                                    + ":10: a condition has exactly one of all, any, not,"
                                    + " event, in_stage_for, field, but this one has event and"
                                    + " field; combine them with all or any"),
                    problems(withCondition("{event: demo_requested, field: score, eq: 1}")));
        }

        @Test
        void parse_whenEmptyAll_saysItWouldAlwaysHold() {
            assertEquals(
                    List.of(
                            FILE
                                    + ":10: all: [] always holds, so the rule would fire on every"
                                    + " event; give it at least one condition"),
                    problems(withCondition("{all: []}")));
        }

        @Test
        void parse_whenEmptyAnyOrEvent_saysItNeverHolds() {
            assertEquals(
                    List.of(
                            FILE + ":11: any: [] never holds; give it at least one condition",
                            FILE + ":12: event: [] never holds; name at least one event type"),
                    problems(
                            withCondition(
                                    """
                                    all:
                                      - any: []
                                      - event: []
                                    """)));
        }

        @Test
        void parse_whenAliasRepeatsACondition_readsBothCopies() {
            LifecycleModel model =
                    ModelLoader.parse(
                            FILE,
                            """
                            name: shared
                            attributes: [score]
                            stages:
                              - id: lead
                                kind: success
                              - id: mql
                                kind: success
                            rules:
                              - id: known
                                to: lead
                                when: &scored {field: score, gte: 50}
                              - id: scored
                                to: mql
                                when: {not: *scored}
                            """);

            FieldTest scored = fieldTest("score", Operator.GTE, List.of(new BigDecimal("50")));
            assertEquals(
                    List.of(scored, new Not(scored)),
                    model.rules().stream().map(Rule::condition).toList());
        }

        @Test
        void parse_whenConditionContainsItself_reportsInsteadOfLoopingForever() {
            assertEquals(
                    List.of(
                            FILE
                                    + ":9: this condition contains itself: an alias (*name) is"
                                    + " used inside its own anchor (&name)"),
                    problems(
                            """
                            name: loop
                            attributes: []
                            stages:
                              - id: lead
                                kind: success
                            rules:
                              - id: known
                                to: lead
                                when: &loop
                                  not: *loop
                            """));
        }

        @Test
        void parse_whenAliasesDoubleAConditionAtEveryLevel_stopsAtTheLimit() {
            StringBuilder yaml =
                    new StringBuilder(
                            """
                            name: doubling
                            attributes: []
                            stages:
                              - id: lead
                                kind: success
                            levels:
                              - &c0 {event: form_submitted}
                            """);
            for (int level = 1; level <= 12; level++) {
                int below = level - 1;
                yaml.append("  - &c%d {all: [*c%d, *c%d]}\n".formatted(level, below, below));
            }
            yaml.append(
                    """
                    rules:
                      - id: known
                        to: lead
                        when: *c12
                    """);

            assertEquals(
                    List.of(
                            FILE
                                    + ":6: unknown key 'levels'; the keys of a model are name,"
                                    + " timeZone, weekStart, skippedStages, conversionWindow,"
                                    + " dimensions, attributes, stages, rules",
                            FILE
                                    + ":21: the rule has more than 1000 conditions; are aliases"
                                    + " (*name) repeating a condition many times?"),
                    problems(yaml.toString()));
        }

        @Test
        void parse_whenConditionsNestedTooDeep_reportsTheLimit() {
            String condition = "{not: ".repeat(33) + "{event: a}" + "}".repeat(33);

            assertEquals(
                    List.of(FILE + ":10: conditions are nested more than 32 deep"),
                    problems(withCondition(condition)));
        }

        @Test
        void parse_whenTimeTest_readsItsDuration() {
            assertEquals(
                    new Condition.All(
                            List.of(
                                    new Condition.InStageFor(Duration.ofDays(30)),
                                    new Condition.Not(
                                            new Condition.InStageFor(Duration.ofHours(12))))),
                    condition(
                            withCondition(
                                    "{all: [{in_stage_for: P30D},"
                                            + " {not: {in_stage_for: PT12H}}]}")));
        }

        @Test
        void parse_whenTimeTestInWeeks_readsDays() {
            assertEquals(
                    new Condition.InStageFor(Duration.ofDays(14)),
                    condition(withCondition("in_stage_for: P2W")));
        }

        @Test
        void parse_whenTimeTestIsNotADuration_namesTheLine() {
            assertEquals(
                    List.of(
                            FILE
                                    + ":10: in_stage_for is '30 days', not an ISO-8601 duration;"
                                    + " write days as P2D, hours as PT4H, both as P1DT12H"),
                    problems(withCondition("in_stage_for: 30 days")));
        }

        @Test
        void parse_whenTimeTestInMonths_asksForDays() {
            assertEquals(
                    List.of(
                            FILE
                                    + ":10: in_stage_for is 'P1M', not an ISO-8601 duration;"
                                    + " months and years vary in length, so write days, such as"
                                    + " P30D"),
                    problems(withCondition("in_stage_for: P1M")));
        }

        @Test
        void parse_whenTimeTestIsZeroOrTooLong_refusesIt() {
            assertEquals(
                    List.of(FILE + ":10: in_stage_for is 'PT0S'; it must be longer than zero"),
                    problems(withCondition("in_stage_for: PT0S")));
            assertEquals(
                    List.of(
                            FILE
                                    + ":10: in_stage_for is longer than 36525 days (a century);"
                                    + " no lead waits that long"),
                    problems(withCondition("in_stage_for: P36526D")));
        }

        @Test
        void parse_whenTimeTestHasAnotherKey_saysToCombineThem() {
            assertEquals(
                    List.of(
                            FILE
                                    + ":10: a condition has exactly one of all, any, not, event,"
                                    + " in_stage_for, field, but this one has event and"
                                    + " in_stage_for; combine them with all or any"),
                    problems(withCondition("{event: demo, in_stage_for: P30D}")));
        }
    }

    @Nested
    class Reporting {

        @Test
        void load_whenManyProblems_listsEveryOneInLineOrder() {
            String file = "src/test/resources/models/many-problems.yaml";

            ModelException rejected =
                    assertThrows(ModelException.class, () -> ModelLoader.load(Path.of(file)));

            assertEquals(
                    List.of(
                            file
                                    + ":3: timeZone is 'Europe/Pari', not an IANA time zone name"
                                    + " such as Europe/Berlin or America/New_York; did you mean"
                                    + " 'Europe/Paris'?",
                            file
                                    + ":4: weekStart is 'mon', not one of monday, tuesday,"
                                    + " wednesday, thursday, friday, saturday, sunday",
                            file
                                    + ":6: dimension 'region' is not in attributes, so it is never"
                                    + " stored",
                            file + ":7: unknown key 'stges'; did you mean 'stages'?",
                            file
                                    + ":12: the kind of stage 'mql' is 'sucess', not one of"
                                    + " success, detour; did you mean 'success'?",
                            file
                                    + ":13: the sla of stage 'mql' is 'P2', not an ISO-8601"
                                    + " duration; write days as P2D, hours as PT4H, both as"
                                    + " P1DT12H",
                            file + ":14: stage id 'lead' is used twice (first on line 9)",
                            file + ":20: rule id 'known' is used twice (first on line 17)",
                            file
                                    + ":21: rule 'known' targets unknown stage 'mqll'; did you mean"
                                    + " 'mql'?",
                            file
                                    + ":23: rule 'known' tests unknown field 'scor', which is not"
                                    + " in attributes; did you mean 'score'?",
                            file
                                    + ":24: unknown operator 'greater_than' in the test of field"
                                    + " 'scor'; the operators are "
                                    + OPERATORS),
                    rejected.problems().stream().map(ModelProblem::toString).toList());
        }

        @Test
        void getMessage_whenSeveralProblems_listsOnePerLine() {
            ModelException rejected =
                    assertThrows(
                            ModelException.class,
                            () ->
                                    ModelLoader.parse(
                                            "models/x.yaml",
                                            """
                                            name: x
                                            weekStart: someday
                                            attributes: []
                                            stages:
                                              - id: mql
                                                kind: success
                                            rules:
                                              - id: mql-by-score
                                                to: mqll
                                                when: {event: demo_requested}
                                            """));

            assertEquals(
                    """
                    models/x.yaml:2: weekStart is 'someday', not one of monday, tuesday, \
                    wednesday, thursday, friday, saturday, sunday
                    models/x.yaml:9: rule 'mql-by-score' targets unknown stage 'mqll'; \
                    did you mean 'mql'?\
                    """,
                    rejected.getMessage());
        }

        @Test
        void toString_whenProblem_isFileColonLineColonMessage() {
            ModelProblem problem = new ModelProblem("models/x.yaml", 42, "stage 'x' is wrong");

            assertEquals("models/x.yaml:42: stage 'x' is wrong", problem.toString());
        }

        @Test
        void constructor_whenNoProblems_throwsIllegalArgument() {
            assertThrows(IllegalArgumentException.class, () -> new ModelException(List.of()));
        }
    }
}
