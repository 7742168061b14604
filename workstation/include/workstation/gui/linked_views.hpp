// Linked zoom and pan across Compare viewports: the view of the viewport the user moved, carried
// to another viewport through the map between their photos, so both show the same anatomy at the
// same apparent size; plus fit / 1:1 for all viewports. Pure value maths; thread-safe.
#pragma once

#include <opencv2/core.hpp>

#include <span>
#include <vector>

#include "render/view_transform.hpp"

namespace cicatrix::workstation {

// The view for a target viewport given the source viewport's `source` view. `targetToSource`
// maps target photo px onto source photo px (a registration); its centre goes through it and the
// scale is divided by its local scale there (source px per target px). An identity between photos
// of different sizes means "not registered": the centre goes to the same fraction of the target
// photo and the same fraction of the photo's width stays visible. Never in fit mode.
[[nodiscard]] render::ViewTransform linkedView(const render::ViewTransform& source,
                                               render::Vec2 sourceSize, render::Vec2 targetSize,
                                               const cv::Matx33d& targetToSource);

// Source px per target px of `targetToSource` at target point `at` (sqrt of the Jacobian's
// determinant); 0 where the map is singular or `at` is on its horizon.
[[nodiscard]] double localScale(const cv::Matx33d& targetToSource, render::Vec2 at);

// Fit each photo to its viewport / show each at 1:1 (sizes and viewports pair by index).
[[nodiscard]] std::vector<render::ViewTransform> fitAll(
    std::span<const render::Vec2> imageSizes, std::span<const render::Viewport> viewports);
[[nodiscard]] std::vector<render::ViewTransform> actualPixelsAll(
    std::span<const render::Vec2> imageSizes);

}  // namespace cicatrix::workstation
