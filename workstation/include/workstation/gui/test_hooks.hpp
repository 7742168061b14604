// What tests and scripts read back from a GUI run: the screenshot with a JSON of the rectangles
// drawn in its frame (screenshot mode), and the selection and view settings as they change.
// Main thread only.
#pragma once

#include <opencv2/core.hpp>

#include <optional>
#include <string>

#include "workstation/gui/app_state.hpp"
#include "workstation/gui/draw_context.hpp"

namespace cicatrix::workstation {

// Writes the screenshot and, when `layoutJsonPath` is set, the drawn rectangles. False with a
// message on stderr when the image cannot be written.
[[nodiscard]] bool writeScreenshot(const cv::Mat& image, const std::string& path,
                                   const std::string& layoutJsonPath, const AppState& state,
                                   const FrameRecord& record, int frames);

// Keeps a JSON file of the selection and view settings up to date (written atomically whenever it
// changes), so tests and scripts can wait on the app's state instead of sleeping.
// Screenshots on request while the app runs: a script writes a PNG path into
// "<state-json>.shot"; the next frame is written there and the request file removed (its
// absence tells the script the PNG is complete). Nothing happens without --state-json.
[[nodiscard]] std::optional<std::string> screenshotRequested(const std::string& stateJsonPath);
void answerScreenshotRequest(const std::string& stateJsonPath, const std::string& pngPath,
                             const cv::Mat& image);

class StateReporter {
  public:
    explicit StateReporter(std::string path) : m_path(std::move(path)) {}
    // `record`: what the frame drew; its rects go out as "targets": {what: "cx cy"} (window
    // coordinates of the centre, for xdotool). Without a record, the targets are left out.
    void report(const AppState& state, const FrameRecord* record = nullptr);

  private:
    std::string m_path;
    std::string m_last;
};

}  // namespace cicatrix::workstation
