// Keys recorded by render/keys (a press and release within one frame is not lost).
#include "workstation/gui/workspace_keys.hpp"

#include <array>
#include <utility>

#include "render/keys.hpp"

namespace cicatrix::workstation {

void triageShortcutIntents(const AppState& state, std::vector<Intent>& intents) {
    using render::Key;
    using render::keyPressed;
    const auto push = [&](triage_action::Action a) {
        intents.push_back(intent::Triage{std::move(a)});
    };
    if (const QuarantineUiState& q = state.triage.quarantine; q.shown) {
        // J/K move through the quarantine; no triage decision applies to its photos.
        if ((keyPressed(Key::J) || keyPressed(Key::Down)) && q.selected + 1 < q.items.size())
            push(triage_action::SelectQuarantined{q.selected + 1});
        if ((keyPressed(Key::K) || keyPressed(Key::Up)) && q.selected > 0)
            push(triage_action::SelectQuarantined{q.selected - 1});
        return;
    }
    if (keyPressed(Key::J) || keyPressed(Key::Down))
        push(triage_action::Step{+1});
    if (keyPressed(Key::K) || keyPressed(Key::Up))
        push(triage_action::Step{-1});
    if (state.triage.current() == nullptr)
        return;
    static constexpr std::array<std::pair<Key, TriageDecision>, 4> kDecisions{
        {{Key::One, TriageDecision::NoAction},
         {Key::Two, TriageDecision::Advice},
         {Key::Three, TriageDecision::TreatmentAdjusted},
         {Key::Four, TriageDecision::Consultation}}};
    for (const auto& [key, decision] : kDecisions) {
        if (keyPressed(key))
            push(triage_action::Pick{decision});
    }
}

void compareShortcutIntents(const AppState& state, std::vector<Intent>& intents) {
    using render::Key;
    using render::keyPressed;
    const auto push = [&](compare_action::Action a) {
        intents.push_back(intent::Compare{std::move(a)});
    };
    const CompareUiState& c = state.compare;
    if (keyPressed(Key::F))
        push(compare_action::FitAll{});
    if (keyPressed(Key::One))
        push(compare_action::ActualPixelsAll{});
    if (keyPressed(Key::L))
        push(compare_action::SetLinked{!c.linked});
    if (keyPressed(Key::Tab))
        push(compare_action::Focus{(c.focused + 1) % c.slots()});
    if (keyPressed(Key::O)) {
        const auto next = static_cast<CompareOverlay>((static_cast<int>(c.overlay) + 1) % 4);
        push(compare_action::SetOverlay{next});
    }
}

}  // namespace cicatrix::workstation
