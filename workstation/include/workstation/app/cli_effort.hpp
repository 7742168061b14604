// `cicatrix labels effort`: how much correcting the AI drafts took, and how well annotators agree.
// Per photo with an approved label and an AI draft: the wound Dice between the draft and the
// approved label (unsure pixels left out), then per model version the mean and the aggregate;
// per photo labelled by two annotators (submitted or approved versions): the Dice between each
// one's latest version. Main thread only; one JSON document on stdout with --json.
#pragma once

#include <filesystem>

namespace cicatrix::workstation {

int runLabelsEffort(const std::filesystem::path& library, bool json);

}  // namespace cicatrix::workstation
