#pragma once
// An unlinked temporary file: read and write, close-on-exec, and never a name another
// process could open (O_TMPFILE, else mkstemp then unlink), so it disappears with prun
// however prun ends.

#include <string>

#include <prun/util/fd.hpp>

namespace prun {

// The directory for temporary files: $TMPDIR, or /tmp when that is unset or empty.
std::string temporary_directory();

// Creates the file in `directory` ("" for temporary_directory()). An invalid Fd with errno
// set when it cannot.
Fd open_temporary_file(const std::string& directory = {});

} // namespace prun
