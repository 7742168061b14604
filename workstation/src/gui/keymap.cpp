// Escape closes dialogs even from a text field; every other shortcut waits for the field to let go.
#include "workstation/gui/keymap.hpp"

#include <imgui.h>

#include <algorithm>

#include "render/keys.hpp"
#include "workstation/gui/annotate_keys.hpp"
#include "workstation/gui/workspace_keys.hpp"

namespace cicatrix::workstation {

void shortcutIntents(const AppState& state, std::vector<Intent>& intents) {
    using render::Key;
    using render::keyPressed;
    const auto pressed = [](Key key) { return keyPressed(key); };
    if (pressed(Key::Escape)) {
        if (state.showHelp)
            intents.push_back(intent::ToggleHelp{});
        if (state.import.open)
            intents.push_back(intent::CloseImport{});
        if (state.sync.serversOpen)
            intents.push_back(intent::CloseServers{});
    }
    if (ImGui::GetIO().WantTextInput) {
        return;  // keys belong to the text field
    }
    const bool annotating = state.workspace == "Annotate";
    const bool triaging = state.workspace == "Triage";
    const bool comparing = state.workspace == "Compare";
    const std::size_t viewport = focusViewport(state);
    if (pressed(Key::F2))
        intents.push_back(intent::SwitchWorkspace{"Browse"});
    if (pressed(Key::F3))
        intents.push_back(intent::SwitchWorkspace{"Annotate"});
    if (pressed(Key::F4))
        intents.push_back(intent::SwitchWorkspace{"Compare"});
    if (pressed(Key::F5))
        intents.push_back(intent::SwitchWorkspace{"Triage"});
    if (annotating) {
        annotateShortcutIntents(state, intents);  // digits are classes there, not 1:1
    }
    if (triaging) {
        triageShortcutIntents(state, intents);  // digits are decisions there
    }
    if (comparing) {
        compareShortcutIntents(state, intents);  // views of every slot
    }
    const bool browsing = state.workspace == "Browse";
    if (browsing && pressed(Key::Right))
        intents.push_back(intent::StepPhoto{+1});
    if (browsing && pressed(Key::Left))
        intents.push_back(intent::StepPhoto{-1});
    if (browsing && pressed(Key::Home))
        intents.push_back(intent::StepPhoto{-1'000'000});
    if (browsing && pressed(Key::End))
        intents.push_back(intent::StepPhoto{+1'000'000});
    if (!comparing && pressed(Key::F))
        intents.push_back(intent::FitView{viewport});
    if (browsing && pressed(Key::One))
        intents.push_back(intent::ActualPixels{viewport});
    if (browsing && pressed(Key::A) && state.selectedPhoto() != nullptr) {
        intents.push_back(intent::AnalysePhoto{state.selectedPhoto()->id});
    }
    if (browsing && pressed(Key::O)) {
        OverlaySettings o = state.viewport().overlay;
        o.visible = !o.visible;
        intents.push_back(intent::SetOverlay{viewport, o});
    }
    if (pressed(Key::F1) || keyPressed(Key::Slash, render::kShift))
        intents.push_back(intent::ToggleHelp{});
    if (keyPressed(Key::I, render::kCtrl))
        intents.push_back(intent::OpenImport{});
    if (keyPressed(Key::S, render::kCtrl | render::kShift))
        intents.push_back(intent::SyncNow{});
    if (keyPressed(Key::Q, render::kCtrl))
        intents.push_back(intent::Quit{});
    const bool zoomIn = pressed(Key::KeypadPlus) || pressed(Key::Plus);
    const bool zoomOut = pressed(Key::KeypadMinus) || pressed(Key::Minus);
    const bool hasPhoto = annotating ? state.annotate.document.has_value()
                          : browsing ? state.selectedPhoto() != nullptr
                                     : state.viewports[viewport].photoId.has_value();
    if ((zoomIn || zoomOut) && hasPhoto) {
        intents.push_back(intent::ZoomBy{viewport, zoomIn ? 1.25 : 0.8});
    }
    if (browsing && (pressed(Key::Up) || pressed(Key::Down)) && !state.wounds.empty()) {
        const auto it = std::ranges::find_if(state.wounds, [&](const WoundSummary& w) {
            return w.wound.id == state.selectedWoundId;
        });
        int i = it == state.wounds.end() ? 0 : static_cast<int>(it - state.wounds.begin());
        i = std::clamp(i + (pressed(Key::Down) ? 1 : -1), 0,
                       static_cast<int>(state.wounds.size()) - 1);
        const std::int64_t id = state.wounds[static_cast<std::size_t>(i)].wound.id;
        if (id != state.selectedWoundId)
            intents.push_back(intent::SelectWound{id});
    }
}

}  // namespace cicatrix::workstation
