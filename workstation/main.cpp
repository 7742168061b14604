// Cicatrix entry point: everything happens in the workstation library's command line.
#include "workstation/app/cli.hpp"

int main(int argc, char** argv) {
    return cicatrix::workstation::runCli(argc, argv);
}
