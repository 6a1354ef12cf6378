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
//
// Held output (group, keep-order, the partial last line of --line-buffer) stays in memory
// only within OutputLimits: per stream of a job, and for all jobs together. Beyond that it
// goes to one unlinked temporary file (SpillFile) and is streamed back out when released,
// so a job that writes gigabytes, or a thousand jobs waiting behind a slow first one with
// -k, cost disk space rather than memory. If the file cannot be created or written (no
// $TMPDIR, disk full), prun warns once and holds the output in memory: losing no output
// comes first. Under --compress what goes to the file is compressed (output/codec.hpp).
// Live output is never held: Writer blocks, and that is the backpressure.

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include <prun/output/held_bytes.hpp>
#include <prun/output/spill_file.hpp>
#include <prun/output/stdout_files.hpp>
#include <prun/output/writer.hpp>
#include <prun/util/stream.hpp>

namespace prun {

enum class OutputMode { group, line, ungroup };

struct OutputLimits {
    std::size_t stream_memory = 2 << 20; // per stream of a job
    std::size_t total_memory = 16 << 20; // all jobs together
    std::string spill_directory;         // "": $TMPDIR, or /tmp when that is unset
};

class OutputMux {
public:
    OutputMux(OutputMode mode, bool keep_order, Writer& out, Writer& err, OutputLimits limits = {});

    // --compress: held output that goes to the temporary file is compressed with `codec`.
    void compress_spills(std::unique_ptr<Codec> codec) { m_spill.compress_with(std::move(codec)); }

    // Tags written to stdout/stderr are coloured (--color; see output/color.hpp).
    void color_tags(bool out, bool err) {
        m_color_tags[0] = out;
        m_color_tags[1] = err;
    }

    // --color-failed: the output of a job that ends failed (see end()) is painted white on
    // red, tag and all (append_failed in color.hpp). Only output held to the job's end is:
    // GNU ignores --color-failed with -u and --line-buffer, and with --files.
    void paint_failed(bool on) { m_paint_failed = on; }

    // --files: the jobs' stdout goes to `files` (which must outlive the mux), and each
    // job's stdout shows the name of its file instead, as one line when it ends (tagged,
    // and in order with keep_order). Their stderr is shown as usual.
    void save_stdout_to(StdoutFiles* files) { m_files = files; }

    // A job starts; `tag` (possibly empty) is prefixed to each of its lines.
    void begin(std::uint64_t seq, std::string tag);
    void output(std::uint64_t seq, Stream stream, std::string_view data);
    // Forgets what the job has written so far and not yet printed (a retried attempt).
    void discard(std::uint64_t seq);
    // The job has ended; `failed`: it failed (for paint_failed()).
    void end(std::uint64_t seq, bool failed = false);
    // No job will run for `seq` (keep-order must not wait for it).
    void skip(std::uint64_t seq);
    // Writes everything still held, in sequence order (an interrupted run).
    void flush_all();

    // Held output bytes in memory, and in the temporary file.
    std::uint64_t memory_held() const { return m_memory_held; }
    std::uint64_t spilled_held() const { return m_spill.held(); }

private:
    struct Held {
        HeldBytes bytes;
        bool at_line_start = true;
    };
    struct JobOutput {
        std::string tag;
        std::string painted_tag; // the tag in colour, when a stream shows colour
        Held streams[2];
        bool ended = false;
        bool skipped = false;
        bool to_file = false; // --files: its stdout goes to m_files
        bool painted = false; // --color-failed: it failed, its lines are painted
    };

    bool streams_live(std::uint64_t seq) const;
    const std::string& tag_for(const JobOutput& job, Stream stream) const {
        return m_color_tags[static_cast<int>(stream)] ? job.painted_tag : job.tag;
    }
    // Writes `data` with `tag` at the start of each line, in bounded batches.
    // `painted`: as append_failed() writes them.
    void write_tagged(Writer& writer, std::string_view data, std::string_view tag,
                      bool& at_line_start, bool painted = false);
    // Adds `data` to what `held` holds, in memory if the limits allow, else in the file.
    // `live`: the stream's complete lines are printed right after.
    void hold(Held& held, std::string_view data, bool live);
    // Over a limit: moves `bytes`'s memory part and `data` to the file, or, if the file
    // (or --compress's codec) fails, warns once and keeps them in memory.
    void spill(HeldBytes& bytes, std::string_view data);
    // Writes `held` (all of it, or up to its last newline) with tags, to stream's writer.
    void write_held(JobOutput& job, Stream stream, bool complete_lines_only);
    void release_in_order();
    // --files: the job's stdout is done; the name of its file becomes its stdout.
    void close_file(std::uint64_t seq, JobOutput& job);

    OutputMode m_mode;
    bool m_keep_order;
    Writer* m_writers[2];
    bool m_color_tags[2] = {false, false};
    bool m_paint_failed = false;
    std::map<std::uint64_t, JobOutput> m_jobs;
    std::uint64_t m_next_seq = 1; // keep-order: the next sequence number to print
    std::string m_scratch;
    OutputLimits m_limits;
    SpillFile m_spill;
    std::uint64_t m_memory_held = 0;
    bool m_warned_spill = false;
    StdoutFiles* m_files = nullptr;
    bool m_warned_files = false;
};

// Appends `data` to `out`, putting `tag` at the start of every line; `at_line_start`
// carries over between calls.
void append_tagged(std::string& out, std::string_view data, std::string_view tag,
                   bool& at_line_start);

} // namespace prun
