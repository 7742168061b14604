// Strict ISO dates: capture times name a real moment (no month 13, no 30 February, no 25:00),
// and day numbers are only made from real dates.
#include <gtest/gtest.h>

#include "library/dates.hpp"

namespace cicatrix::library {
namespace {

TEST(IsoDateTime, AcceptsRealMomentsIncludingLeapDays) {
    EXPECT_TRUE(isValidIsoDateTime("2026-03-02T14:30:00"));
    EXPECT_TRUE(isValidIsoDateTime("2024-02-29T23:59:59"));  // leap year
    EXPECT_TRUE(isValidIsoDateTime("2000-02-29T00:00:00"));  // divisible by 400
    EXPECT_TRUE(isValidIsoDateTime("2026-12-31T00:00:00"));
    EXPECT_FALSE(isoDateTimeProblem("2026-01-31T08:15:00"));
}

TEST(IsoDateTime, RefusesImpossibleDatesAndTimes) {
    for (const char* bad : {
             "2026-13-45T99:99:99",   // everything out of range
             "2026-13-01T10:00:00",   // month 13
             "2026-00-10T10:00:00",   // month 0
             "2026-02-30T10:00:00",   // no 30 February
             "2025-02-29T10:00:00",   // not a leap year
             "1900-02-29T10:00:00",   // divisible by 100, not by 400
             "2026-04-31T10:00:00",   // April has 30 days
             "2026-01-00T10:00:00",   // day 0
             "2026-01-10T24:00:00",   // hour 24
             "2026-01-10T10:60:00",   // minute 60
             "2026-01-10T10:00:60",   // second 60
             "2026-01-10 10:00:00",   // space instead of T
             "2026-1-10T10:00:00",    // missing digit
             "2026-01-10T10:00",      // no seconds
             "2026-01-10T10:00:00Z",  // trailing text
             "+026-01-10T10:00:00",   // sign instead of a digit
             "",
         }) {
        EXPECT_FALSE(isValidIsoDateTime(bad)) << bad;
    }
}

TEST(IsoDateTime, TheRefusalNamesTheValueAndTheExpectedForm) {
    const auto problem = isoDateTimeProblem("2026-13-45T99:99:99");
    ASSERT_TRUE(problem);
    EXPECT_NE(problem->find("'2026-13-45T99:99:99'"), std::string::npos) << *problem;
    EXPECT_NE(problem->find("YYYY-MM-DDTHH:MM:SS"), std::string::npos) << *problem;
}

TEST(ParseIsoDays, ReadsDatesAndTimes) {
    EXPECT_DOUBLE_EQ(*parseIsoDays("1970-01-02"), 1.0);
    EXPECT_DOUBLE_EQ(*parseIsoDays("1970-01-01T12:00:00"), 0.5);
    EXPECT_DOUBLE_EQ(*parseIsoDays("1970-01-01T06:00"), 0.25);
    EXPECT_DOUBLE_EQ(*parseIsoDays("1970-01-01 18:00:00"), 0.75);  // SQLite datetime() form
    EXPECT_DOUBLE_EQ(*parseIsoDays("2024-02-29"), *parseIsoDays("2024-03-01") - 1.0);
}

TEST(ParseIsoDays, RefusesImpossibleDatesInsteadOfLandingIn1970) {
    EXPECT_FALSE(parseIsoDays("2026-13-45T99:99:99"));
    EXPECT_FALSE(parseIsoDays("2026-02-30"));
    EXPECT_FALSE(parseIsoDays("2026-02-28T25:00:00"));
    EXPECT_FALSE(parseIsoDays("2026-02-28T10:61"));
    EXPECT_FALSE(parseIsoDays("2026-02-28junk"));
    EXPECT_FALSE(parseIsoDays("yesterday"));
    EXPECT_FALSE(parseIsoDays(""));
}

}  // namespace
}  // namespace cicatrix::library
