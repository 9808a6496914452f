package dev.stageline.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stageline.model.Condition;
import dev.stageline.model.Condition.All;
import dev.stageline.model.Condition.Any;
import dev.stageline.model.Condition.EventTest;
import dev.stageline.model.Condition.FieldTest;
import dev.stageline.model.Condition.Not;
import dev.stageline.model.Operator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

class ConditionEvaluatorTest {

    // eq

    @Test
    void evaluate_whenEqDiffersOnlyInCase_holds() {
        assertTrue(
                holds(
                        test("lead_status", Operator.EQ, "qualified"),
                        with("lead_status", "Qualified")));
    }

    @Test
    void evaluate_whenEqCaseSensitiveAndCaseDiffers_fails() {
        FieldTest test = sensitive("lead_status", Operator.EQ, "qualified");

        assertFalse(holds(test, with("lead_status", "Qualified")));
    }

    @Test
    void evaluate_whenEqCaseSensitiveAndSameCase_holds() {
        FieldTest test = sensitive("lead_status", Operator.EQ, "qualified");

        assertTrue(holds(test, with("lead_status", "qualified")));
    }

    @Test
    void evaluate_whenEqOtherString_fails() {
        assertFalse(
                holds(test("lead_status", Operator.EQ, "qualified"), with("lead_status", "new")));
    }

    @Test
    void evaluate_whenEqNumericStringAgainstNumber_holds() {
        assertTrue(holds(test("score", Operator.EQ, 120), with("score", "120")));
        assertTrue(holds(test("score", Operator.EQ, 120), with("score", "120.00")));
    }

    @Test
    void evaluate_whenEqNumberAgainstNumericString_holds() {
        assertTrue(
                holds(test("score", Operator.EQ, "120"), with("score", new BigDecimal("120.0"))));
    }

    @Test
    void evaluate_whenEqTwoNumericStrings_comparesAsNumbers() {
        assertTrue(holds(test("score", Operator.EQ, "1e2"), with("score", "100")));
    }

    @Test
    void evaluate_whenEqOtherNumber_fails() {
        assertFalse(holds(test("score", Operator.EQ, 120), with("score", new BigDecimal("121"))));
    }

    @Test
    void evaluate_whenEqBooleanAgainstBooleanString_holds() {
        assertTrue(
                holds(
                        test("budget_confirmed", Operator.EQ, "TRUE"),
                        with("budget_confirmed", true)));
        assertTrue(
                holds(
                        test("budget_confirmed", Operator.EQ, false),
                        with("budget_confirmed", "false")));
    }

    @Test
    void evaluate_whenEqBooleanAgainstOtherValue_fails() {
        assertFalse(
                holds(
                        test("budget_confirmed", Operator.EQ, "yes"),
                        with("budget_confirmed", true)));
        assertFalse(
                holds(test("budget_confirmed", Operator.EQ, 1), with("budget_confirmed", true)));
        assertFalse(
                holds(
                        test("budget_confirmed", Operator.EQ, false),
                        with("budget_confirmed", true)));
    }

    @Test
    void evaluate_whenEqDateTimeAgainstItsUtcDay_holds() {
        FieldTest test = test("demo_at", Operator.EQ, "2026-11-02");

        assertTrue(holds(test, with("demo_at", "2026-11-02T23:30:00Z")));
    }

    @Test
    void evaluate_whenEqWordAgainstNumber_fails() {
        assertFalse(holds(test("score", Operator.EQ, 50), with("score", "abc")));
    }

    @Test
    void evaluate_whenEqHasTwoOperands_fails() {
        assertFalse(holds(test("country", Operator.EQ, "DE", "AT"), with("country", "DE")));
    }

    // ne

    @Test
    void evaluate_whenNeOtherValue_holds() {
        assertTrue(holds(test("country", Operator.NE, "DE"), with("country", "FR")));
    }

    @Test
    void evaluate_whenNeSameValueInOtherCase_fails() {
        assertFalse(holds(test("country", Operator.NE, "DE"), with("country", "de")));
    }

    @Test
    void evaluate_whenNeCaseSensitiveAndCaseDiffers_holds() {
        assertTrue(holds(sensitive("country", Operator.NE, "DE"), with("country", "de")));
    }

    @Test
    void evaluate_whenNeOnAbsentField_holds() {
        assertTrue(holds(test("country", Operator.NE, "DE"), with("score", "10")));
    }

    @Test
    void evaluate_whenNeWordAgainstNumber_holds() {
        assertTrue(holds(test("score", Operator.NE, 50), with("score", "abc")));
    }

    @Test
    void evaluate_whenNeNumericStringEqualToNumber_fails() {
        assertFalse(holds(test("score", Operator.NE, 50), with("score", "50")));
    }

    // in and not_in

    @Test
    void evaluate_whenInListedInOtherCase_holds() {
        FieldTest test = test("lead_status", Operator.IN, "qualified", "sales qualified");

        assertTrue(holds(test, with("lead_status", "Sales Qualified")));
    }

    @Test
    void evaluate_whenInNotListed_fails() {
        FieldTest test = test("lead_status", Operator.IN, "qualified", "sales qualified");

        assertFalse(holds(test, with("lead_status", "new")));
    }

    @Test
    void evaluate_whenInCaseSensitiveAndCaseDiffers_fails() {
        FieldTest test = sensitive("lead_status", Operator.IN, "qualified", "sales qualified");

        assertFalse(holds(test, with("lead_status", "Qualified")));
    }

    @Test
    void evaluate_whenInNumericStringAmongNumbers_holds() {
        assertTrue(holds(test("company_size", Operator.IN, 50, 120), with("company_size", "120")));
    }

    @Test
    void evaluate_whenNotInNotListed_holds() {
        FieldTest test = test("lead_status", Operator.NOT_IN, "unqualified", "disqualified");

        assertTrue(holds(test, with("lead_status", "qualified")));
    }

    @Test
    void evaluate_whenNotInListedInOtherCase_fails() {
        FieldTest test = test("lead_status", Operator.NOT_IN, "unqualified", "disqualified");

        assertFalse(holds(test, with("lead_status", "Disqualified")));
    }

    @Test
    void evaluate_whenNotInOnAbsentField_fails() {
        FieldTest test = test("lead_status", Operator.NOT_IN, "unqualified", "disqualified");

        assertFalse(holds(test, with("country", "DE")));
    }

    // contains, starts_with, ends_with

    @Test
    void evaluate_whenContainsSubstringInOtherCase_holds() {
        assertTrue(
                holds(
                        test("company", Operator.CONTAINS, "CORP"),
                        with("company", "Acme Corporation")));
    }

    @Test
    void evaluate_whenContainsCaseSensitiveAndCaseDiffers_fails() {
        FieldTest test = sensitive("company", Operator.CONTAINS, "CORP");

        assertFalse(holds(test, with("company", "Acme Corporation")));
    }

    @Test
    void evaluate_whenContainsNoSubstring_fails() {
        assertFalse(
                holds(
                        test("company", Operator.CONTAINS, "Inc"),
                        with("company", "Acme Corporation")));
    }

    @Test
    void evaluate_whenContainsOnNumber_searchesItsDigits() {
        RuleContext context = with("phone_area", new BigDecimal("1200"));

        assertTrue(holds(test("phone_area", Operator.CONTAINS, 20), context));
    }

    @Test
    void evaluate_whenStartsWithPrefixInOtherCase_holds() {
        FieldTest test = test("lead_key", Operator.STARTS_WITH, "HubSpot:");

        assertTrue(holds(test, with("lead_key", "hubspot:847297356")));
    }

    @Test
    void evaluate_whenStartsWithOnlyContained_fails() {
        FieldTest test = test("lead_key", Operator.STARTS_WITH, "847");

        assertFalse(holds(test, with("lead_key", "hubspot:847297356")));
    }

    @Test
    void evaluate_whenStartsWithCaseSensitiveAndCaseDiffers_fails() {
        FieldTest test = sensitive("lead_key", Operator.STARTS_WITH, "HubSpot:");

        assertFalse(holds(test, with("lead_key", "hubspot:847297356")));
    }

    @Test
    void evaluate_whenEndsWithSuffixInOtherCase_holds() {
        FieldTest test = test("email", Operator.ENDS_WITH, "@example.com");

        assertTrue(holds(test, with("email", "jane@Example.COM")));
    }

    @Test
    void evaluate_whenEndsWithOtherSuffix_fails() {
        FieldTest test = test("email", Operator.ENDS_WITH, "@example.com");

        assertFalse(holds(test, with("email", "jane@example.org")));
    }

    @Test
    void evaluate_whenEndsWithCaseSensitiveAndCaseDiffers_fails() {
        FieldTest test = sensitive("email", Operator.ENDS_WITH, "@example.com");

        assertFalse(holds(test, with("email", "jane@Example.COM")));
    }

    // gt, gte, lt, lte

    @Test
    void evaluate_whenGteNumericStringAboveNumber_holds() {
        assertTrue(holds(test("score", Operator.GTE, 50), with("score", "120")));
    }

    @Test
    void evaluate_whenGteEqualNumber_holds() {
        assertTrue(holds(test("score", Operator.GTE, 50), with("score", new BigDecimal("50.0"))));
    }

    @Test
    void evaluate_whenGteBelowNumber_fails() {
        assertFalse(holds(test("score", Operator.GTE, 50), with("score", new BigDecimal("49.99"))));
    }

    @Test
    void evaluate_whenGtEqualNumber_fails() {
        assertFalse(holds(test("score", Operator.GT, 50), with("score", new BigDecimal("50"))));
    }

    @Test
    void evaluate_whenGtAboveNumber_holds() {
        assertTrue(holds(test("score", Operator.GT, 50), with("score", new BigDecimal("51"))));
    }

    @Test
    void evaluate_whenGtNumberAgainstNumericString_holds() {
        assertTrue(holds(test("score", Operator.GT, "120"), with("score", new BigDecimal("121"))));
    }

    @Test
    void evaluate_whenLtNumericStrings_comparesAsNumbersNotText() {
        assertTrue(holds(test("score", Operator.LT, "10"), with("score", "9")));
    }

    @Test
    void evaluate_whenLtAboveNumber_fails() {
        assertFalse(holds(test("score", Operator.LT, 10), with("score", "11")));
    }

    @Test
    void evaluate_whenLtDecimalOperand_comparesByValue() {
        assertTrue(holds(test("ratio", Operator.LT, 0.75), with("ratio", new BigDecimal("0.5"))));
    }

    @Test
    void evaluate_whenLteEqualNumericString_holds() {
        assertTrue(holds(test("score", Operator.LTE, "10"), with("score", new BigDecimal("10"))));
    }

    @Test
    void evaluate_whenLteAboveNumber_fails() {
        assertFalse(holds(test("score", Operator.LTE, 10), with("score", new BigDecimal("11"))));
    }

    @Test
    void evaluate_whenOrderingWordAgainstNumber_failsWithoutError() {
        assertFalse(holds(test("score", Operator.GTE, 50), with("score", "abc")));
        assertFalse(holds(test("score", Operator.LT, 50), with("score", "abc")));
    }

    @Test
    void evaluate_whenOrderingNumericStringAgainstWord_fails() {
        assertFalse(holds(test("score", Operator.GT, "abc"), with("score", "12")));
        assertFalse(holds(test("score", Operator.LT, "abc"), with("score", "12")));
    }

    @Test
    void evaluate_whenOrderingBooleans_fails() {
        assertFalse(
                holds(
                        test("budget_confirmed", Operator.GT, false),
                        with("budget_confirmed", true)));
        assertFalse(
                holds(
                        test("budget_confirmed", Operator.GTE, true),
                        with("budget_confirmed", true)));
    }

    @Test
    void evaluate_whenGtWordsDifferingInCase_comparesIgnoringCase() {
        assertTrue(holds(test("tier", Operator.GT, "alpha"), with("tier", "Beta")));
    }

    @Test
    void evaluate_whenGtWordsCaseSensitive_comparesCodePoints() {
        assertFalse(holds(sensitive("tier", Operator.GT, "alpha"), with("tier", "Beta")));
    }

    // dates

    @Test
    void evaluate_whenGtLaterDate_holds() {
        assertTrue(
                holds(test("demo_at", Operator.GT, "2026-10-31"), with("demo_at", "2026-11-02")));
    }

    @Test
    void evaluate_whenLtLaterDate_fails() {
        assertFalse(
                holds(test("demo_at", Operator.LT, "2026-10-31"), with("demo_at", "2026-11-02")));
    }

    @Test
    void evaluate_whenGtLaterInstant_holds() {
        FieldTest test = test("demo_at", Operator.GT, "2026-11-02T09:59:59Z");

        assertTrue(holds(test, with("demo_at", "2026-11-02T10:00:00Z")));
    }

    @Test
    void evaluate_whenLtInstantWithOffset_comparesInstantsNotText() {
        FieldTest test = test("demo_at", Operator.LT, "2026-11-02T09:00:00Z");

        assertTrue(holds(test, with("demo_at", "2026-11-02T10:00:00+02:00")));
    }

    @Test
    void evaluate_whenDateTimeWithoutOffset_isTakenAsUtc() {
        FieldTest test = test("demo_at", Operator.EQ, "2026-11-02T10:00:00Z");

        assertTrue(holds(test, with("demo_at", "2026-11-02T10:00:00")));
    }

    @Test
    void evaluate_whenDateTimeAgainstDate_comparesByUtcDay() {
        RuleContext lateOnTheSecond = with("demo_at", "2026-11-02T23:30:00Z");

        assertFalse(holds(test("demo_at", Operator.GT, "2026-11-02"), lateOnTheSecond));
        assertTrue(holds(test("demo_at", Operator.GTE, "2026-11-02"), lateOnTheSecond));
        assertTrue(holds(test("demo_at", Operator.GT, "2026-11-01"), lateOnTheSecond));
        assertTrue(holds(test("demo_at", Operator.LT, "2026-11-03"), lateOnTheSecond));
    }

    @Test
    void evaluate_whenDateAgainstNumber_fails() {
        assertFalse(holds(test("demo_at", Operator.GT, 5), with("demo_at", "2026-11-02")));
    }

    @Test
    void evaluate_whenDateAgainstWord_fails() {
        assertFalse(holds(test("demo_at", Operator.LT, "soon"), with("demo_at", "2026-11-02")));
        assertFalse(holds(test("demo_at", Operator.GT, "soon"), with("demo_at", "2026-11-02")));
    }

    @Test
    void evaluate_whenValueIsNotARealDate_fails() {
        assertFalse(
                holds(test("demo_at", Operator.GT, "2026-11-02"), with("demo_at", "2026-13-45")));
    }

    // between

    @Test
    void evaluate_whenBetweenAtEitherEnd_holds() {
        FieldTest test = test("score", Operator.BETWEEN, 10, 50);

        assertTrue(holds(test, with("score", new BigDecimal("10"))));
        assertTrue(holds(test, with("score", new BigDecimal("50"))));
    }

    @Test
    void evaluate_whenBetweenOutsideEitherEnd_fails() {
        FieldTest test = test("score", Operator.BETWEEN, 10, 50);

        assertFalse(holds(test, with("score", new BigDecimal("9.99"))));
        assertFalse(holds(test, with("score", new BigDecimal("50.01"))));
    }

    @Test
    void evaluate_whenBetweenNumericStrings_comparesAsNumbers() {
        assertTrue(holds(test("score", Operator.BETWEEN, "9", "10"), with("score", "9.5")));
    }

    @Test
    void evaluate_whenBetweenDates_holdsInsideTheRange() {
        FieldTest test = test("demo_at", Operator.BETWEEN, "2026-11-01", "2026-11-30");

        assertTrue(holds(test, with("demo_at", "2026-11-30T18:00:00Z")));
        assertFalse(holds(test, with("demo_at", "2026-12-01")));
    }

    @Test
    void evaluate_whenBetweenWordAndNumbers_fails() {
        assertFalse(holds(test("score", Operator.BETWEEN, 1, 100), with("score", "abc")));
    }

    @Test
    void evaluate_whenBetweenHasOneOperand_fails() {
        assertFalse(holds(test("score", Operator.BETWEEN, 1), with("score", new BigDecimal("5"))));
    }

    // exists

    @Test
    void evaluate_whenExistsWithValue_holds() {
        assertTrue(holds(test("email", Operator.EXISTS), with("email", "jane@example.com")));
    }

    @Test
    void evaluate_whenExistsWithFalse_holds() {
        assertTrue(
                holds(test("budget_confirmed", Operator.EXISTS), with("budget_confirmed", false)));
    }

    @Test
    void evaluate_whenExistsWithBlankString_holds() {
        assertTrue(holds(test("email", Operator.EXISTS), with("email", " ")));
    }

    @Test
    void evaluate_whenExistsWithEmptyString_fails() {
        assertFalse(holds(test("email", Operator.EXISTS), with("email", "")));
    }

    @Test
    void evaluate_whenExistsOnAbsentField_fails() {
        assertFalse(holds(test("email", Operator.EXISTS), with("score", "1")));
    }

    // changed and changed_to

    @Test
    void evaluate_whenChangedToOtherValue_holds() {
        RuleContext context = changed("score", new BigDecimal("40"), new BigDecimal("70"));

        assertTrue(holds(test("score", Operator.CHANGED), context));
    }

    @Test
    void evaluate_whenChangedToSameValueInOtherType_fails() {
        RuleContext context = changed("score", new BigDecimal("70"), "70");

        assertFalse(holds(test("score", Operator.CHANGED), context));
    }

    @Test
    void evaluate_whenChangedByBeingSetForTheFirstTime_holds() {
        RuleContext context = new RuleContext(Map.of("score", new BigDecimal("70")), Map.of(), "x");

        assertTrue(holds(test("score", Operator.CHANGED), context));
    }

    @Test
    void evaluate_whenChangedAndNowAbsent_fails() {
        RuleContext context = new RuleContext(Map.of(), Map.of("score", new BigDecimal("70")), "x");

        assertFalse(holds(test("score", Operator.CHANGED), context));
    }

    @Test
    void evaluate_whenChangedOnlyInCase_fails() {
        assertFalse(
                holds(test("lead_status", Operator.CHANGED), changed("lead_status", "New", "new")));
    }

    @Test
    void evaluate_whenChangedOnlyInCaseAndCaseSensitive_holds() {
        RuleContext context = changed("lead_status", "New", "new");

        assertTrue(holds(sensitive("lead_status", Operator.CHANGED), context));
    }

    @Test
    void evaluate_whenChangedToOperand_holds() {
        RuleContext context = changed("lead_status", "new", "Qualified");

        assertTrue(holds(test("lead_status", Operator.CHANGED_TO, "qualified"), context));
    }

    @Test
    void evaluate_whenChangedToOperandByBeingSet_holds() {
        RuleContext context = new RuleContext(Map.of("lead_status", "qualified"), Map.of(), "x");

        assertTrue(holds(test("lead_status", Operator.CHANGED_TO, "qualified"), context));
    }

    @Test
    void evaluate_whenChangedToOperandButUnchanged_fails() {
        RuleContext context = changed("lead_status", "qualified", "qualified");

        assertFalse(holds(test("lead_status", Operator.CHANGED_TO, "qualified"), context));
    }

    @Test
    void evaluate_whenChangedToOtherValue_fails() {
        RuleContext context = changed("lead_status", "new", "recycled");

        assertFalse(holds(test("lead_status", Operator.CHANGED_TO, "qualified"), context));
    }

    // matches

    @Test
    void evaluate_whenMatchesPartOfValue_holds() {
        assertTrue(
                holds(
                        test("email", Operator.MATCHES, "@acme\\.com$"),
                        with("email", "jane@acme.com")));
    }

    @Test
    void evaluate_whenMatchesNowhere_fails() {
        assertFalse(
                holds(
                        test("email", Operator.MATCHES, "@acme\\.com$"),
                        with("email", "jane@acme.co")));
    }

    @Test
    void evaluate_whenMatchesInOtherCase_holds() {
        assertTrue(
                holds(test("email", Operator.MATCHES, "^jane@"), with("email", "JANE@acme.com")));
    }

    @Test
    void evaluate_whenMatchesCaseSensitiveAndCaseDiffers_fails() {
        assertFalse(
                holds(
                        sensitive("email", Operator.MATCHES, "^jane@"),
                        with("email", "JANE@acme.com")));
    }

    @Test
    void evaluate_whenMatchesNumber_matchesItsText() {
        assertTrue(
                holds(
                        test("zip", Operator.MATCHES, "^\\d{5}$"),
                        with("zip", new BigDecimal("10115"))));
    }

    @Test
    void evaluate_whenMatchesInvalidPattern_fails() {
        assertFalse(
                holds(test("email", Operator.MATCHES, "(unclosed"), with("email", "(unclosed")));
    }

    @Test
    void evaluate_whenMatchesWithinFirstThousandCharacters_holds() {
        RuleContext context = with("notes", "x".repeat(994) + "needle");

        assertTrue(holds(test("notes", Operator.MATCHES, "needle"), context));
    }

    @Test
    void evaluate_whenMatchesOnlyAfterFirstThousandCharacters_fails() {
        RuleContext context = with("notes", "x".repeat(995) + "needle");

        assertFalse(holds(test("notes", Operator.MATCHES, "needle"), context));
    }

    @Test
    void evaluate_whenMatchesBacktracksExponentially_failsPromptly() {
        FieldTest runaway = test("notes", Operator.MATCHES, "(.*a){41}");
        RuleContext fortyAs = with("notes", "a".repeat(40) + "!");

        boolean held =
                assertTimeoutPreemptively(Duration.ofSeconds(5), () -> holds(runaway, fortyAs));

        assertFalse(held);
    }

    // absent fields

    @ParameterizedTest
    @EnumSource(value = Operator.class, names = "NE", mode = EnumSource.Mode.EXCLUDE)
    void evaluate_whenFieldAbsent_failsForEveryOperatorButNe(Operator operator) {
        FieldTest test = new FieldTest("score", operator, operandsHoldingFor50(operator), false);
        RuleContext present = new RuleContext(Map.of("score", "50"), Map.of(), "x");
        RuleContext absent = new RuleContext(Map.of(), Map.of("score", "50"), "x");

        assertTrue(holds(test, present));
        List<TestOutcome> outcomes = evaluate(test, absent).outcomes();
        assertEquals(1, outcomes.size());
        assertEquals("(absent)", outcomes.get(0).seen());
        assertFalse(outcomes.get(0).held());
    }

    @Test
    void evaluate_whenNotOverTestOfAbsentField_holds() {
        assertTrue(holds(new Not(test("score", Operator.GTE, 50)), with("country", "DE")));
    }

    // event tests

    @Test
    void evaluate_whenEventTypeListed_holds() {
        EventTest test = new EventTest(List.of("sales_accepted", "meeting_booked"));

        assertEquals(
                new ConditionResult(
                        true,
                        List.of(
                                new TestOutcome(
                                        "event in [sales_accepted, meeting_booked]",
                                        "meeting_booked",
                                        true))),
                evaluate(test, event("meeting_booked")));
    }

    @Test
    void evaluate_whenEventTypeListedInOtherCase_holds() {
        assertTrue(holds(new EventTest(List.of("demo_requested")), event("Demo_Requested")));
    }

    @Test
    void evaluate_whenEventTypeNotListed_fails() {
        assertFalse(holds(new EventTest(List.of("demo_requested")), event("form_submitted")));
    }

    // all, any, not

    @Test
    void evaluate_whenAllIsEmpty_holds() {
        ConditionResult result = evaluate(new All(List.of()), event("x"));

        assertEquals(new ConditionResult(true, List.of()), result);
    }

    @Test
    void evaluate_whenAnyIsEmpty_fails() {
        ConditionResult result = evaluate(new Any(List.of()), event("x"));

        assertEquals(new ConditionResult(false, List.of()), result);
    }

    @Test
    void evaluate_whenAllHasAFailingPart_failsAndStillEvaluatesEveryPart() {
        Condition condition =
                new All(
                        List.of(
                                test("score", Operator.GTE, 50),
                                test("country", Operator.EQ, "DE")));
        RuleContext context = with(Map.of("score", new BigDecimal("20"), "country", "de"));

        assertEquals(
                new ConditionResult(
                        false,
                        List.of(
                                new TestOutcome("score gte 50", "20", false),
                                new TestOutcome("country eq DE", "de", true))),
                evaluate(condition, context));
    }

    @Test
    void evaluate_whenAnyHasAHoldingPart_holdsAndStillEvaluatesEveryPart() {
        Condition condition =
                new Any(
                        List.of(
                                test("score", Operator.GTE, 50),
                                new EventTest(List.of("demo_requested"))));
        RuleContext context =
                new RuleContext(Map.of("score", new BigDecimal("70")), Map.of(), "form_submitted");

        assertEquals(
                new ConditionResult(
                        true,
                        List.of(
                                new TestOutcome("score gte 50", "70", true),
                                new TestOutcome(
                                        "event in [demo_requested]", "form_submitted", false))),
                evaluate(condition, context));
    }

    @Test
    void evaluate_whenNotOverHoldingTest_failsAndRecordsTheNegationAsNotHeld() {
        Condition condition = new Not(test("lead_status", Operator.EQ, "recycled"));

        assertEquals(
                new ConditionResult(
                        false,
                        List.of(
                                new TestOutcome(
                                        "not (lead_status eq recycled)", "recycled", false))),
                evaluate(condition, with("lead_status", "recycled")));
    }

    @Test
    void evaluate_whenNotUnderNot_explainsTheTestAsItself() {
        Condition condition = new Not(new Not(test("lead_status", Operator.EQ, "recycled")));

        assertEquals(
                new ConditionResult(
                        true,
                        List.of(new TestOutcome("lead_status eq recycled", "recycled", true))),
                evaluate(condition, with("lead_status", "recycled")));
    }

    @Test
    void evaluate_whenNestedAllAnyNot_followsEachCombinator() {
        Condition condition =
                new All(
                        List.of(
                                new Any(
                                        List.of(
                                                new EventTest(
                                                        List.of(
                                                                "form_submitted",
                                                                "demo_requested")),
                                                test(
                                                        "lead_status",
                                                        Operator.CHANGED_TO,
                                                        "recycled"))),
                                new Not(
                                        new Any(
                                                List.of(
                                                        test("country", Operator.IN, "KP", "IR"),
                                                        test(
                                                                "email",
                                                                Operator.ENDS_WITH,
                                                                "@competitor.com")))),
                                test("score", Operator.GTE, 50)));
        RuleContext context =
                new RuleContext(
                        Map.of("lead_status", "recycled", "country", "DE", "score", "65"),
                        Map.of("lead_status", "mql"),
                        "field_changed");

        assertEquals(
                new ConditionResult(
                        true,
                        List.of(
                                new TestOutcome(
                                        "event in [form_submitted, demo_requested]",
                                        "field_changed",
                                        false),
                                new TestOutcome(
                                        "lead_status changed_to recycled", "mql -> recycled", true),
                                new TestOutcome("not (country in [KP, IR])", "DE", true),
                                new TestOutcome(
                                        "not (email ends_with @competitor.com)", "(absent)", true),
                                new TestOutcome("score gte 50", "65", true))),
                evaluate(condition, context));
    }

    @Test
    void evaluate_whenNestedNotInsideAllFails_failsTheAll() {
        Condition condition =
                new All(
                        List.of(
                                test("score", Operator.GTE, 50),
                                new Not(test("country", Operator.IN, "KP", "IR"))));
        RuleContext context = with(Map.of("score", new BigDecimal("80"), "country", "ir"));

        assertFalse(holds(condition, context));
    }

    // explanation texts and seen values

    @Test
    void evaluate_whenSalesQualifiedRule_explainsEachTestAndValue() {
        Condition condition =
                new All(
                        List.of(
                                test("lead_status", Operator.IN, "qualified", "sales qualified"),
                                test("budget_confirmed", Operator.EQ, true)));
        RuleContext context =
                with(Map.of("lead_status", "Sales Qualified", "budget_confirmed", "true"));

        assertEquals(
                new ConditionResult(
                        true,
                        List.of(
                                new TestOutcome(
                                        "lead_status in [qualified, sales qualified]",
                                        "Sales Qualified",
                                        true),
                                new TestOutcome("budget_confirmed eq true", "true", true))),
                evaluate(condition, context));
    }

    @Test
    void evaluate_whenFieldTestOfEachShape_describesItAsTheModelReads() {
        Condition condition =
                new All(
                        List.of(
                                test("score", Operator.BETWEEN, 10, new BigDecimal("50.5")),
                                test("email", Operator.EXISTS),
                                test("country", Operator.NOT_IN, "KP"),
                                sensitive("email", Operator.MATCHES, "@acme\\.com$"),
                                test("source", Operator.EQ, ""),
                                test("score", Operator.CHANGED)));

        List<String> texts =
                evaluate(condition, with("x", "y")).outcomes().stream()
                        .map(TestOutcome::test)
                        .toList();

        assertEquals(
                List.of(
                        "score between 10 and 50.5",
                        "email exists",
                        "country not_in [KP]",
                        "email matches @acme\\.com$ (case sensitive)",
                        "source eq \"\"",
                        "score changed"),
                texts);
    }

    @Test
    void evaluate_whenFieldIsEmptyString_showsItQuoted() {
        assertEquals(
                new ConditionResult(false, List.of(new TestOutcome("email exists", "\"\"", false))),
                evaluate(test("email", Operator.EXISTS), with("email", "")));
    }

    @Test
    void evaluate_whenNumberHasTrailingZeros_showsItAsSent() {
        assertEquals(
                new ConditionResult(true, List.of(new TestOutcome("score gte 50", "120.50", true))),
                evaluate(test("score", Operator.GTE, 50), with("score", new BigDecimal("120.50"))));
    }

    @Test
    void evaluate_whenChangedFromNothing_showsAbsentBefore() {
        RuleContext context = new RuleContext(Map.of("score", new BigDecimal("70")), Map.of(), "x");

        assertEquals(
                new ConditionResult(
                        true, List.of(new TestOutcome("score changed", "(absent) -> 70", true))),
                evaluate(test("score", Operator.CHANGED), context));
    }

    @Test
    void evaluate_whenChangedFieldIsNowAbsent_showsAbsent() {
        RuleContext context = new RuleContext(Map.of(), Map.of("score", new BigDecimal("70")), "x");

        assertEquals(
                new ConditionResult(
                        false, List.of(new TestOutcome("score changed", "(absent)", false))),
                evaluate(test("score", Operator.CHANGED), context));
    }

    // the context

    @Test
    void ruleContext_whenSourceMapChangesLater_keepsItsOwnCopy() {
        Map<String, Object> attributes = new HashMap<>(Map.of("score", new BigDecimal("70")));
        RuleContext context = new RuleContext(attributes, Map.of(), "x");

        attributes.put("score", new BigDecimal("10"));

        assertTrue(holds(test("score", Operator.GTE, 50), context));
    }

    /** Operands with which {@code operator} holds for a score of "50" that the event set. */
    private static List<Object> operandsHoldingFor50(Operator operator) {
        return switch (operator) {
            case EQ, IN, CONTAINS, STARTS_WITH, ENDS_WITH, GTE, LTE, CHANGED_TO, MATCHES ->
                    List.of(50);
            case NE, NOT_IN -> List.of(60);
            case GT -> List.of(40);
            case LT -> List.of(60);
            case BETWEEN -> List.of(40, 60);
            case EXISTS, CHANGED -> List.of();
        };
    }

    private static FieldTest test(String field, Operator operator, Object... operands) {
        return new FieldTest(field, operator, List.of(operands), false);
    }

    private static FieldTest sensitive(String field, Operator operator, Object... operands) {
        return new FieldTest(field, operator, List.of(operands), true);
    }

    private static RuleContext with(String field, Object value) {
        return with(Map.of(field, value));
    }

    /** A lead whose attributes were all set before the event, which set none of them. */
    private static RuleContext with(Map<String, Object> attributes) {
        return new RuleContext(attributes, attributes, "field_changed");
    }

    private static RuleContext changed(String field, Object before, Object after) {
        return new RuleContext(Map.of(field, after), Map.of(field, before), "field_changed");
    }

    private static RuleContext event(String type) {
        return new RuleContext(Map.of(), Map.of(), type);
    }

    private static ConditionResult evaluate(Condition condition, RuleContext context) {
        return ConditionEvaluator.evaluate(condition, context);
    }

    private static boolean holds(Condition condition, RuleContext context) {
        return evaluate(condition, context).held();
    }
}
