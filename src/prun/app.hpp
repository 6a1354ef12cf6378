#pragma once

namespace prun {

// The whole program: parses the command line, runs the jobs, and returns the exit status.
// The one place that catches prun's errors and prints them.
int main(int argc, char** argv);

} // namespace prun
