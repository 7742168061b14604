// The tissue vocabulary matches LUTSeg's class ids and names every tissue once.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

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
    // Every paintable class keeps its own colour (wound and unsure too); unknown ids are grey.
    EXPECT_EQ(rgbOnDark(kWoundLabel), findLabelClass(kWoundLabel)->rgb);
    EXPECT_EQ(rgbOnDark(kIgnoreLabel), findLabelClass(kIgnoreLabel)->rgb);
    EXPECT_EQ(rgbOnDark(42), (std::array<std::uint8_t, 3>{200, 200, 200}));
}

TEST(LabelClasses, PaletteListsEveryPaintableClassWithAHotkey) {
    const auto palette = labelClasses();
    std::vector<int> ids;
    std::string keys;
    for (const LabelClass& c : palette) {
        ids.push_back(c.id);
        keys += c.hotkey;
    }
    EXPECT_EQ(ids, (std::vector<int>{0, 6, 3, 2, 4, 1, 5, 255}));
    EXPECT_EQ(keys, "12345670");
    EXPECT_EQ(findLabelClass(kWoundLabel)->display, "Wound (tissue not specified)");
    EXPECT_EQ(findLabelClass(kIgnoreLabel)->key, "unsure");
    EXPECT_EQ(findLabelClassByHotkey('0')->id, kIgnoreLabel);
    EXPECT_EQ(findLabelClassByHotkey('3')->id, 3);
    EXPECT_FALSE(findLabelClassByHotkey('9'));
    EXPECT_FALSE(findLabelClass(7));
    // Colours tell every class apart, and the model's classes read the same in both tables.
    for (std::size_t i = 0; i < palette.size(); ++i) {
        for (std::size_t j = i + 1; j < palette.size(); ++j)
            EXPECT_NE(palette[i].rgb, palette[j].rgb) << palette[i].key << " " << palette[j].key;
    }
    for (const LabelClass& t : tissueClasses()) {
        EXPECT_EQ(findLabelClass(t.id)->key, t.key);
        EXPECT_EQ(findLabelClass(t.id)->rgb, t.rgb);
    }
    EXPECT_FALSE(findTissueClass(kWoundLabel));  // the overlay and model never see id 6
}

TEST(LabelClasses, WoundClassesAreOneToSix) {
    for (int id = 0; id < 256; ++id)
        EXPECT_EQ(isWoundClass(static_cast<std::uint8_t>(id)), id >= 1 && id <= 6) << id;
}

}  // namespace
}  // namespace cicatrix::annotate
