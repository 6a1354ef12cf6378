#pragma once
// The output multiplexer: turns the interleaved output chunks of concurrent jobs into what
// the user asked to see, never tearing a line or mixing two jobs' output (except in
// --ungroup, whose point is to mix).
//
//   group   a job's whole stdout, then its stderr, written when the job ends (default)
//   line    complete lines written as they arrive; a final unterminated line at the end
//   ungroup bytes written as they arrive
//   keep_order (group and line): output appears in sequence order; in line mode the
//   lowest unfinished job streams live while later ones are held.
//
// Every sequence number handed out must eventually be end()ed or skip()ped, or keep-order
// output after it stays held until flush_all().

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include <prun/output/writer.hpp>
#include <prun/util/stream.hpp>

namespace prun {

enum class OutputMode { group, line, ungroup };

class OutputMux {
public:
    OutputMux(OutputMode mode, bool keep_order, Writer& out, Writer& err);

    // Tags written to stdout/stderr are coloured (--color; see output/color.hpp).
    void color_tags(bool out, bool err) {
        m_color_tags[0] = out;
        m_color_tags[1] = err;
    }

    // A job starts; `tag` (possibly empty) is prefixed to each of its lines.
    void begin(std::uint64_t seq, std::string tag);
    void output(std::uint64_t seq, Stream stream, std::string_view data);
    // Forgets what the job has written so far and not yet printed (a retried attempt).
    void discard(std::uint64_t seq);
    void end(std::uint64_t seq);
    // No job will run for `seq` (keep-order must not wait for it).
    void skip(std::uint64_t seq);
    // Writes everything still held, in sequence order (an interrupted run).
    void flush_all();

private:
    struct Held {
        std::string bytes;
        bool at_line_start = true;
    };
    struct JobOutput {
        std::string tag;
        std::string painted_tag; // the tag in colour, when a stream shows colour
        Held streams[2];
        bool ended = false;
        bool skipped = false;
    };

    bool streams_live(std::uint64_t seq) const;
    const std::string& tag_for(const JobOutput& job, Stream stream) const {
        return m_color_tags[static_cast<int>(stream)] ? job.painted_tag : job.tag;
    }
    // Writes `held` (all of it, or up to its last newline) with tags, to stream's writer.
    void write_held(JobOutput& job, Stream stream, bool complete_lines_only);
    void release_in_order();

    OutputMode m_mode;
    bool m_keep_order;
    Writer* m_writers[2];
    bool m_color_tags[2] = {false, false};
    std::map<std::uint64_t, JobOutput> m_jobs;
    std::uint64_t m_next_seq = 1; // keep-order: the next sequence number to print
    std::string m_scratch;
};

// Appends `data` to `out`, putting `tag` at the start of every line; `at_line_start`
// carries over between calls.
void append_tagged(std::string& out, std::string_view data, std::string_view tag,
                   bool& at_line_start);

} // namespace prun
