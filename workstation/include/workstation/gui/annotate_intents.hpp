// What the Annotate workspace's panels, canvas tool and keys ask for; applied by the
// AnnotateController after the frame (wrapped in intent::Annotate, see intents.hpp).
#pragma once

#include <opencv2/core/types.hpp>

#include <string>
#include <variant>
#include <vector>

#include "render/view_transform.hpp"
#include "workstation/gui/annotate_state.hpp"

namespace cicatrix::workstation::annotate_action {

struct SetUser {
    std::string name;
};
struct AskUser {};
struct LoadQueue {};
struct SetQueueFilter {
    AnnotateQueueFilter filter;
};
struct OpenPhoto {
    std::int64_t photoId;
};
struct SetTools {
    AnnotateToolSettings tools;
};
struct StrokeBegin {
    render::Vec2 at;  // image pixels
};
struct StrokeTo {
    render::Vec2 at;
};
struct StrokeEnd {};
struct Polygon {
    std::vector<cv::Point> points;  // image pixels; fill or cut by the active tool
};
struct FloodAt {
    cv::Point at;
};
struct SuperpixelAt {
    cv::Point at;
};
struct GrabCutBox {
    cv::Rect box;
};
enum class CleanupKind { FillHoles, RemoveIslands, Smooth };
struct Cleanup {
    CleanupKind kind;
};
struct Undo {};
struct Redo {};
struct Save {};
struct Submit {};
struct Approve {};
struct SendBack {
    std::string comment;
};

using Action = std::variant<SetUser, AskUser, LoadQueue, SetQueueFilter, OpenPhoto, SetTools,
                            StrokeBegin, StrokeTo, StrokeEnd, Polygon, FloodAt, SuperpixelAt,
                            GrabCutBox, Cleanup, Undo, Redo, Save, Submit, Approve, SendBack>;

}  // namespace cicatrix::workstation::annotate_action
