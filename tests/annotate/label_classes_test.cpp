// The tissue vocabulary matches LUTSeg's class ids and names every tissue once.
#include <gtest/gtest.h>

#include <algorithm>

#include "annotate/label_classes.hpp"

namespace cicatrix::annotate {
namespace {

TEST(LabelClasses, FollowLutsegIds) {
    ASSERT_EQ(tissueClasses().size(), 6u);
    EXPECT_EQ(findTissueClass(1)->key, "epithelial");
    EXPECT_EQ(findTissueClass(2)->key, "slough");
    EXPECT_EQ(findTissueClass(3)->key, "granulation");
    EXPECT_EQ(findTissueClass(4)->key, "necrotic");
    EXPECT_FALSE(findTissueClass(kIgnoreLabel));
    for (std::size_t i = 0; i < tissueClasses().size(); ++i) {
        EXPECT_EQ(tissueClasses()[i].id, i);
    }
}

TEST(LabelClasses, ReportOrderListsEachWoundBedTissueOnce) {
    std::array<std::uint8_t, 4> ids = kTissueReportOrder;
    std::ranges::sort(ids);
    EXPECT_EQ(ids, (std::array<std::uint8_t, 4>{1, 2, 3, 4}));
    EXPECT_EQ(findTissueClass(kTissueReportOrder[0])->word, "granulation");
    EXPECT_EQ(findTissueClass(4)->word, "necrosis");  // the CLI summary's word
}

TEST(LabelClasses, ColoursOnDarkKeepBrightClassesAndLiftBlackOnes) {
    EXPECT_EQ(rgbOnDark(3), findTissueClass(3)->rgb);
    const auto necrosis = rgbOnDark(4);
    EXPECT_NE(necrosis, findTissueClass(4)->rgb);
    EXPECT_GE(std::ranges::min(necrosis), 100);
    EXPECT_EQ(rgbOnDark(kIgnoreLabel), (std::array<std::uint8_t, 3>{200, 200, 200}));
}

}  // namespace
}  // namespace cicatrix::annotate
