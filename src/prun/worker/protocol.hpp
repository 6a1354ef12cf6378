#pragma once
// The messages of the worker channel, over frame.hpp's framing. The controlling prun
// writes requests to the worker's stdin; the worker (prun --worker) writes events to its
// stdout. Jobs are named by the controller's sequence number. A message that does not
// decode is a broken channel: either side then gives up on it.
//
//   controller -> worker   Run (a job: its LaunchSpec's command, shell, env, cwd),
//                          Signal (to one job's process group)
//   worker -> controller   Hello (first: the worker runs, with its protocol version),
//                          Output (a chunk of a job's stdout or stderr),
//                          Exit (a job ended: exit code or signal, its rusage and pid)

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <sys/resource.h>
#include <variant>
#include <vector>

#include <prun/proc/exit_status.hpp>
#include <prun/util/stream.hpp>
#include <prun/worker/frame.hpp>

namespace prun::worker {

// Starts the worker's stream, before its Hello: what comes before it is not the worker's
// (a remote login shell's start-up output), and is skipped.
constexpr std::string_view k_stream_marker = "\x1eprun-worker\n";
// Lines a bootstrap on a remote host may print before it runs the worker: "send me the
// binary" (its bytes follow on stdin, nothing else until the worker greets), and "no
// worker here, because ..." (the channel then ends).
constexpr std::string_view k_send_binary_line = "\x1eprun-send-binary\n";
constexpr std::string_view k_no_worker_prefix = "\x1eprun-no-worker: ";

// Bumped whenever a message changes: a worker of another version is not used.
constexpr std::uint32_t k_protocol_version = 2;

struct RunRequest {
    std::uint64_t seq = 0;
    std::uint32_t slot = 0;
    std::string shell; // "" for --no-shell
    std::string shell_code;
    std::vector<std::string> argv; // direct exec, or empty
    std::vector<std::string> env;  // NAME=value on top of the worker's environment
    std::string cwd;               // relative to the worker's directory, "" for its own
};
struct SignalRequest {
    std::uint64_t seq = 0;
    std::int32_t signal = 0;
};
using Request = std::variant<RunRequest, SignalRequest>;

struct HelloEvent {
    std::uint32_t version = 0;
};
struct OutputEvent {
    std::uint64_t seq = 0;
    Stream stream = Stream::out;
    std::string_view data; // valid until the decoder is fed again
};
struct ExitEvent {
    std::uint64_t seq = 0;
    ExitStatus status;
    rusage usage{};
    std::int32_t pid = 0; // the job's process on the worker's host (0: it did not start)
};
using Event = std::variant<HelloEvent, OutputEvent, ExitEvent>;

std::string encode(const RunRequest& request);
std::string encode(const SignalRequest& request);
std::string encode(const HelloEvent& event);
std::string encode_output(std::uint64_t seq, Stream stream, std::string_view data);
std::string encode(const ExitEvent& event);

// nullopt: a frame of an unknown type, or one whose fields do not fit it.
std::optional<Request> decode_request(const Frame& frame);
std::optional<Event> decode_event(const Frame& frame);

} // namespace prun::worker
