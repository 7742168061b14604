// The `cicatrix` command line: `gui` (default), `import`, `demo`. Returns the process exit code.
// Main thread only.
#pragma once

namespace cicatrix::workstation {

int runCli(int argc, char** argv);

}  // namespace cicatrix::workstation
