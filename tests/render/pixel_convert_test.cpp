// CPU pixel preparation, run by decode jobs off the main thread: conversion to RGBA and label
// colouring of a dirty rectangle.
#include <gtest/gtest.h>

#include "render/pixel_convert.hpp"

namespace cicatrix::render {
namespace {

TEST(PixelConvert, BgrBgraAndGrayBecomeRgba) {
    const cv::Mat bgr(2, 3, CV_8UC3, cv::Scalar(10, 20, 30));
    const cv::Mat rgba = toRgba(bgr);
    ASSERT_EQ(rgba.type(), CV_8UC4);
    ASSERT_EQ(rgba.size(), bgr.size());
    EXPECT_EQ(rgba.at<cv::Vec4b>(1, 2), cv::Vec4b(30, 20, 10, 255));

    const cv::Mat bgra(2, 3, CV_8UC4, cv::Scalar(10, 20, 30, 40));
    EXPECT_EQ(toRgba(bgra).at<cv::Vec4b>(0, 0), cv::Vec4b(30, 20, 10, 40));

    const cv::Mat gray(2, 3, CV_8UC1, cv::Scalar(77));
    EXPECT_EQ(toRgba(gray).at<cv::Vec4b>(1, 1), cv::Vec4b(77, 77, 77, 255));
}

TEST(PixelConvert, ConvertsARegionOfInterestIntoAContinuousImage) {
    cv::Mat big(10, 10, CV_8UC3, cv::Scalar(0, 0, 0));
    big(cv::Rect(4, 4, 2, 2)).setTo(cv::Scalar(1, 2, 3));
    const cv::Mat rgba = toRgba(big(cv::Rect(4, 4, 3, 2)));
    ASSERT_EQ(rgba.size(), cv::Size(3, 2));
    EXPECT_TRUE(rgba.isContinuous());
    EXPECT_EQ(rgba.at<cv::Vec4b>(0, 0), cv::Vec4b(3, 2, 1, 255));
    EXPECT_EQ(rgba.at<cv::Vec4b>(0, 2), cv::Vec4b(0, 0, 0, 255));
}

TEST(PixelConvert, RejectsWhatCannotBeShown) {
    EXPECT_TRUE(toRgba(cv::Mat()).empty());
    EXPECT_TRUE(toRgba(cv::Mat(2, 2, CV_16UC3, cv::Scalar::all(1))).empty());
    EXPECT_TRUE(toRgba(cv::Mat(2, 2, CV_8UC2, cv::Scalar::all(1))).empty());
}

TEST(PixelConvert, ColouringLabelsTouchesOnlyTheRectangle) {
    cv::Mat labels(4, 5, CV_8UC1, cv::Scalar(1));
    labels.at<std::uint8_t>(2, 3) = 2;
    labels.at<std::uint8_t>(1, 1) = 9;  // beyond the palette: transparent
    const LabelPalette palette{{0, 0, 0, 0}, {255, 0, 0, 128}, {0, 255, 0, 128}};
    cv::Mat rgba;
    ASSERT_TRUE(colourizeLabels(labels, palette, {0, 0, 5, 4}, rgba));
    ASSERT_EQ(rgba.type(), CV_8UC4);
    EXPECT_EQ(rgba.at<cv::Vec4b>(0, 0), cv::Vec4b(255, 0, 0, 128));
    EXPECT_EQ(rgba.at<cv::Vec4b>(2, 3), cv::Vec4b(0, 255, 0, 128));
    EXPECT_EQ(rgba.at<cv::Vec4b>(1, 1), cv::Vec4b(0, 0, 0, 0));

    labels.setTo(2);  // an edit everywhere, but only rows 1-2, columns 2-3 are recoloured
    ASSERT_TRUE(colourizeLabels(labels, palette, {2, 1, 2, 2}, rgba));
    EXPECT_EQ(rgba.at<cv::Vec4b>(1, 2), cv::Vec4b(0, 255, 0, 128));
    EXPECT_EQ(rgba.at<cv::Vec4b>(2, 3), cv::Vec4b(0, 255, 0, 128));
    EXPECT_EQ(rgba.at<cv::Vec4b>(0, 0), cv::Vec4b(255, 0, 0, 128));
    EXPECT_EQ(rgba.at<cv::Vec4b>(1, 4), cv::Vec4b(255, 0, 0, 128));

    // Clipped to the image; mismatched inputs refused.
    EXPECT_TRUE(colourizeLabels(labels, palette, {3, 3, 100, 100}, rgba));
    EXPECT_EQ(rgba.at<cv::Vec4b>(3, 4), cv::Vec4b(0, 255, 0, 128));
    cv::Mat wrongSize(2, 2, CV_8UC4);
    EXPECT_FALSE(colourizeLabels(labels, palette, {0, 0, 1, 1}, wrongSize));
    cv::Mat out;
    EXPECT_FALSE(colourizeLabels(cv::Mat(4, 5, CV_8UC3), palette, {0, 0, 1, 1}, out));
}

}  // namespace
}  // namespace cicatrix::render
