// The tissue vocabulary matches LUTSeg's class ids.
#include <gtest/gtest.h>

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

}  // namespace
}  // namespace cicatrix::annotate
