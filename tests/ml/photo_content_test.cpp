// Uniform bands around a photo (letterbox / pillarbox bars, a white mat, FUSeg's own padding to a
// square) are found without ever trimming the picture; bands that would shrink the picture in the
// model's input are left out of what it sees: FUSeg sample pictures put inside a 16:9 frame are
// outlined as the pictures themselves, while FUSeg's padding (which only moves the picture) stays.
#include <gtest/gtest.h>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <filesystem>

#include "ml/photo_content.hpp"
#include "ml/segmentation_model.hpp"

namespace cicatrix::ml {
namespace {

namespace fs = std::filesystem;
const fs::path kModelDir = fs::path(CICATRIX_TEST_ASSETS_DIR) / "models" / "wound-seg";
const fs::path kSample = fs::path(CICATRIX_TEST_DATA_DIR) / "fuseg-sample";

// FUSeg pads its photos with black to 512 × 512: the picture is what a plain threshold keeps.
cv::Rect fusegPicture(const cv::Mat& photo) {
    cv::Mat grey;
    cv::cvtColor(photo, grey, cv::COLOR_BGR2GRAY);
    return cv::boundingRect(grey > 12);
}

// A sample photo without its padding.
cv::Mat samplePicture(const fs::path& file) {
    const cv::Mat photo = cv::imread(file.string());
    return photo.empty() ? photo : photo(fusegPicture(photo)).clone();
}
cv::Mat sampleStem(const std::string& stem) {
    return samplePicture(kSample / "images" / (stem + ".jpg"));
}

// `photo` placed in a frame of `frame` size at `at`, the rest `band` coloured; then JPEG as a
// phone or a messaging app would send it.
cv::Mat framed(const cv::Mat& photo, cv::Size frame, cv::Point at, cv::Scalar band, bool jpeg) {
    cv::Mat out(frame, CV_8UC3, band);
    photo.copyTo(out(cv::Rect(at, photo.size())));
    if (!jpeg)
        return out;
    std::vector<std::uint8_t> bytes;
    cv::imencode(".jpg", out, bytes, {cv::IMWRITE_JPEG_QUALITY, 85});
    return cv::imdecode(bytes, cv::IMREAD_COLOR);
}

// The content found holds the whole picture and at most `slack` px of band on each side.
void expectAround(const cv::Rect& found, const cv::Rect& picture, int slack) {
    EXPECT_EQ(found & picture, picture) << "picture trimmed: found " << found;
    EXPECT_LE(picture.x - found.x, slack) << found;
    EXPECT_LE(picture.y - found.y, slack) << found;
    EXPECT_LE(found.br().x - picture.br().x, slack) << found;
    EXPECT_LE(found.br().y - picture.br().y, slack) << found;
}

TEST(PhotoContent, BlackPillarboxAndWhiteLetterboxAreLeftOut) {
    const cv::Mat photo = sampleStem("0026");
    ASSERT_FALSE(photo.empty());
    // A portrait-ish photo in a 16:9 frame with black bars, and in a tall frame with white mats.
    const cv::Size wide(photo.rows * 16 / 9, photo.rows);
    const cv::Point left((wide.width - photo.cols) / 2, 0);
    expectAround(photoContent(framed(photo, wide, left, cv::Scalar::all(0), true)),
                 cv::Rect(left, photo.size()), 2);
    const cv::Size tall(photo.cols, photo.rows * 2);
    const cv::Point top(0, photo.rows / 3);
    expectAround(photoContent(framed(photo, tall, top, cv::Scalar::all(250), true)),
                 cv::Rect(top, photo.size()), 2);
    // A 12 MP frame: found on a reduced copy, mapped back without cutting the picture.
    cv::Mat big;
    cv::resize(photo, big, cv::Size(2400, 2400), 0, 0, cv::INTER_CUBIC);
    const cv::Size frame(4000, 3000);
    const cv::Point at(800, 300);
    expectAround(photoContent(framed(big, frame, at, cv::Scalar(20, 20, 20), false)),
                 cv::Rect(at, big.size()), 12);
    // Odd sizes whose reduced copy rounds up, a dark picture on black bars (the line where they
    // meet can pass as band), at several places: the picture is never trimmed.
    cv::Mat dark;
    cv::resize(photo, dark, cv::Size(1301, 1733), 0, 0, cv::INTER_AREA);
    dark.convertTo(dark, CV_8UC3, 0.08);
    for (int shift = 0; shift < 40; ++shift) {
        const cv::Point where(1100 + 17 * shift, 400 + 13 * shift);
        expectAround(
            photoContent(framed(dark, cv::Size(4000, 3002), where, cv::Scalar::all(0), false)),
            cv::Rect(where, dark.size()), 12);
    }
    // A grey (one-channel) photo in bars.
    cv::Mat grey;
    cv::cvtColor(photo, grey, cv::COLOR_BGR2GRAY);
    cv::Mat greyFrame(grey.rows, grey.rows * 16 / 9, CV_8UC1, cv::Scalar(0));
    grey.copyTo(greyFrame(cv::Rect(cv::Point(100, 0), grey.size())));
    expectAround(photoContent(greyFrame), cv::Rect(cv::Point(100, 0), grey.size()), 2);
}

TEST(PhotoContent, FusegPaddingIsFoundAndPicturesWithoutBandsAreLeftWhole) {
    int photos = 0;
    for (const auto& entry : fs::directory_iterator(kSample / "images")) {
        const cv::Mat photo = cv::imread(entry.path().string());
        ASSERT_FALSE(photo.empty());
        ++photos;
        expectAround(photoContent(photo), fusegPicture(photo), 3);
        const cv::Mat picture = samplePicture(entry.path());
        EXPECT_EQ(photoContent(picture), cv::Rect(0, 0, picture.cols, picture.rows))
            << entry.path();
    }
    EXPECT_EQ(photos, 8);
    const cv::Mat grey(300, 400, CV_8UC3, cv::Scalar(90, 120, 200));
    EXPECT_EQ(photoContent(grey), cv::Rect(0, 0, 400, 300));
    // A band thinner than 2 % of the side is a frame line, not a letterbox: left alone.
    const cv::Mat photo = sampleStem("0064");
    const cv::Mat thin = framed(photo, cv::Size(photo.cols, photo.rows + 4), cv::Point(0, 2),
                                cv::Scalar::all(0), false);
    EXPECT_EQ(photoContent(thin), cv::Rect(0, 0, thin.cols, thin.rows));
    // Bands that leave less than a quarter of a side: left whole, nothing to zoom into.
    const cv::Mat sliver = framed(photo(cv::Rect(0, 0, 40, photo.rows)), cv::Size(400, photo.rows),
                                  cv::Point(180, 0), cv::Scalar::all(0), false);
    EXPECT_EQ(photoContent(sliver), cv::Rect(0, 0, 400, photo.rows));
    EXPECT_EQ(photoContent(cv::Mat()), cv::Rect());
    const cv::Mat tiny(5, 7, CV_8UC3, cv::Scalar::all(0));
    EXPECT_EQ(photoContent(tiny), cv::Rect(0, 0, 7, 5));
}

TEST(PhotoContent, TheModelOutlinesAFramedPictureAsThePictureItself) {
    auto model = SegmentationModel::load(kModelDir);
    ASSERT_TRUE(model) << model.error().message;
    double inter = 0, sum = 0;
    for (const auto& entry : fs::directory_iterator(kSample / "images")) {
        // FUSeg's padding of one side to a square only moves the picture in the model's input:
        // the model sees it all. Padding of both sides (a smaller picture) is left out.
        const cv::Mat photo = cv::imread(entry.path().string());
        auto padded = (*model)->segment(photo);
        ASSERT_TRUE(padded) << padded.error().message;
        const cv::Rect own = fusegPicture(photo);
        if (own.width == photo.cols || own.height == photo.rows)
            EXPECT_EQ(padded->content, cv::Rect(0, 0, photo.cols, photo.rows)) << entry.path();
        else
            expectAround(padded->content, own, 3);
        // The picture in a 16:9 frame would be shrunk by the bars: they are left out.
        const cv::Mat picture = samplePicture(entry.path());
        const cv::Size wide(picture.rows * 16 / 9, picture.rows);
        const cv::Rect placed(cv::Point((wide.width - picture.cols) / 2, 0), picture.size());
        const cv::Mat boxed = framed(picture, wide, placed.tl(), cv::Scalar::all(0), true);
        auto plain = (*model)->segment(picture);
        auto framedSeg = (*model)->segment(boxed);
        ASSERT_TRUE(plain && framedSeg);
        expectAround(framedSeg->content, placed, 2);
        // Nothing in the bars beyond the line or two of band the model may see beside the picture.
        cv::Mat outside = framedSeg->mask.clone();
        outside(cv::Rect(placed.x - 2, placed.y, placed.width + 4, placed.height)).setTo(0);
        EXPECT_EQ(cv::countNonZero(outside), 0) << "wound outlined in the bars: " << entry.path();
        const cv::Mat a = plain->mask > 0, b = framedSeg->mask(placed) > 0;
        inter += cv::countNonZero(a & b);
        sum += cv::countNonZero(a) + cv::countNonZero(b);
    }
    ASSERT_GT(sum, 0);
    // The same outlines up to the resampling of a picture found within a pixel or two.
    EXPECT_GE(2.0 * inter / sum, 0.95);
}

}  // namespace
}  // namespace cicatrix::ml
