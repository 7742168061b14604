// Driving the real workstation under Xvfb from a shell script (xdotool), for the GUI tests: the
// demo library, the script's prelude (start the GUI with --state-json, focus its window, and the
// shell functions wait_for, snap, field and click) and running the script in its own X server.
// Scripts wait on the state JSON, never on fixed sleeps, except between input events (a hand).
#pragma once

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <string>

#include "support/process.hpp"
#include "support/test_images.hpp"

namespace cicatrix::test {

inline const std::string kGuiBinary = CICATRIX_BINARY;

// Shell lines: wait until the app's window is mapped, then focus it ($w). Focusing a window
// that the X server does not show yet fails (BadMatch), so it is tried again a few times.
inline const std::string kFocusApp =
    "w=$(xdotool search --sync --onlyvisible --name Cicatrix | head -1); "
    "for try in 1 2 3 4 5 6 7 8 9 10; do xdotool windowfocus --sync $w 2>/dev/null && break; "
    "sleep 0.3; done; ";

inline nlohmann::json readJson(const std::filesystem::path& path) {
    std::ifstream in(path);
    return in ? nlohmann::json::parse(in, nullptr, false) : nlohmann::json{};
}

inline void makeDemo(const TempDir& dir) {
    const ProcessResult demo =
        runCommand(kGuiBinary + " demo --library " + quote((dir / "demo").string()));
    ASSERT_EQ(demo.exitCode, 0) << demo.output;
}

// Shell lines: start `cicatrix gui --library DIR/demo <guiArgs> --state-json DIR/state.json`,
// focus its window ($w), and wait until the state holds `readyPattern`. Defines wait_for
// PATTERN (two minutes at most), snap NAME (DIR/NAME.json, a copy of the state now), shot NAME
// (DIR/NAME.png, a screenshot of the next frame), field KEY
// (a number or the "x y" of a target in the state) and click TARGET (a widget the state's
// "targets" place; it lets the layout settle, moves, hovers for a frame and clicks).
inline std::string startGuiScript(const TempDir& dir, const std::string& guiArgs,
                                  const std::string& readyPattern) {
    static const std::string kFunctions = R"(
wait_for() { i=0; until grep -q "$1" "$state" 2>/dev/null; do i=$((i+1));
  [ $i -gt 1200 ] && { echo "timed out waiting for $1"; cat "$state"; kill $app; return 1; };
  sleep 0.1; done; }
snap() { cp "$state" "$dir/$1.json"; }
shot() { echo "$dir/$1.png" > "$state.shot.tmp"; mv "$state.shot.tmp" "$state.shot"; i=0;
  while [ -e "$state.shot" ]; do i=$((i+1));
  [ $i -gt 300 ] && { echo "no screenshot $1"; kill $app; return 1; }; sleep 0.1; done; }
field() { sed -n "s/.*\"$1\": \"\{0,1\}\([0-9][0-9 ]*\).*/\1/p" "$state" | head -1; }
click() { sleep 0.5; xy=$(field "$1");
  [ -n "$xy" ] || { echo "no target $1"; cat "$state"; return 1; };
  echo "click $1 at $xy"; xdotool mousemove --window $w $xy; sleep 0.3;
  xdotool click 1; sleep 0.2; }
)";
    return "export XDG_CONFIG_HOME=" + quote((dir / "config").string()) +
           "; state=" + quote((dir / "state.json").string()) +
           "; dir=" + quote(dir.path().string()) + ";" + kFunctions + "rm -f \"$state\"; " +
           kGuiBinary + " gui --library " + quote((dir / "demo").string()) + " " + guiArgs +
           " --state-json \"$state\" & app=$!; " + kFocusApp + "wait_for " + quote(readyPattern) +
           "; ";
}

inline ProcessResult runGuiScript(const std::string& script) {
    return runCommand("timeout 200 xvfb-run -a -s '-screen 0 1600x1000x24' sh -ec " +
                      quote(script));
}

}  // namespace cicatrix::test
