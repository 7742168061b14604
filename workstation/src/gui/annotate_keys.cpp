// Keys recorded by render/keys (a press and release within one frame is not lost).
#include "workstation/gui/annotate_keys.hpp"

#include <array>
#include <utility>

#include "annotate/brush.hpp"
#include "annotate/label_classes.hpp"
#include "render/keys.hpp"

namespace cicatrix::workstation {

void annotateShortcutIntents(const AppState& state, std::vector<Intent>& intents) {
    using render::Key;
    using render::keyPressed;
    namespace act = annotate_action;
    const auto push = [&](act::Action a) { intents.push_back(intent::Annotate{std::move(a)}); };
    AnnotateToolSettings t = state.annotate.tools;
    bool changed = false;
    static constexpr std::array<std::pair<Key, char>, 8> kDigits{{{Key::Zero, '0'},
                                                                  {Key::One, '1'},
                                                                  {Key::Two, '2'},
                                                                  {Key::Three, '3'},
                                                                  {Key::Four, '4'},
                                                                  {Key::Five, '5'},
                                                                  {Key::Six, '6'},
                                                                  {Key::Seven, '7'}}};
    for (const auto& [key, digit] : kDigits) {
        if (!keyPressed(key))
            continue;
        if (const auto c = annotate::findLabelClassByHotkey(digit)) {
            t.classId = c->id;
            if (t.tool == AnnotateTool::Eraser)
                t.tool = AnnotateTool::Brush;
            changed = true;
        }
    }
    if (keyPressed(Key::RightBracket) || keyPressed(Key::LeftBracket)) {
        t.brushRadius =
            annotate::nextBrushRadius(t.brushRadius, keyPressed(Key::RightBracket) ? 1 : -1);
        changed = true;
    }
    const std::array<std::pair<Key, AnnotateTool>, 4> tools{{{Key::B, AnnotateTool::Brush},
                                                             {Key::E, AnnotateTool::Eraser},
                                                             {Key::P, AnnotateTool::PolygonFill},
                                                             {Key::G, AnnotateTool::GrabCutBox}}};
    for (const auto& [key, tool] : tools) {
        if (keyPressed(key)) {
            t.tool = tool;
            changed = true;
        }
    }
    if (changed)
        push(act::SetTools{t});
    if (keyPressed(Key::Z, render::kCtrl | render::kShift) || keyPressed(Key::Y, render::kCtrl))
        push(act::Redo{});
    else if (keyPressed(Key::Z, render::kCtrl))
        push(act::Undo{});
    if (keyPressed(Key::S, render::kCtrl) && !keyPressed(Key::S, render::kCtrl | render::kShift))
        push(act::Save{});
}

}  // namespace cicatrix::workstation
