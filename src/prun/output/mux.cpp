#include <cerrno>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <prun/output/color.hpp>
#include <prun/output/mux.hpp>
#include <prun/util/error.hpp>

namespace prun {

void append_tagged(std::string& out, std::string_view data, std::string_view tag,
                   bool& at_line_start) {
    if (tag.empty()) {
        out.append(data);
        if (!data.empty()) at_line_start = data.back() == '\n';
        return;
    }
    while (!data.empty()) {
        if (at_line_start) out.append(tag);
        auto newline = data.find('\n');
        std::size_t take = newline == std::string_view::npos ? data.size() : newline + 1;
        out.append(data.substr(0, take));
        at_line_start = newline != std::string_view::npos;
        data.remove_prefix(take);
    }
}

OutputMux::OutputMux(OutputMode mode, bool keep_order, Writer& out, Writer& err,
                     OutputLimits limits)
    : m_mode(mode), m_keep_order(keep_order && mode != OutputMode::ungroup), m_writers{&out, &err},
      m_limits(std::move(limits)), m_spill(m_limits.spill_directory) {}

void OutputMux::begin(std::uint64_t seq, std::string tag) {
    JobOutput& job = m_jobs[seq];
    job.tag = std::move(tag);
    if ((m_color_tags[0] || m_color_tags[1]) && !job.tag.empty())
        job.painted_tag = paint_tag(job.tag);
    if (m_files == nullptr) return;
    job.to_file = m_files->begin(seq);
    if (!job.to_file && !m_warned_files) {
        // Losing no output comes first: it is printed as if --files were not given.
        spdlog::error("cannot create a --files file in '{}' ({}); printing the output instead",
                      m_files->where(), errno_text(errno));
        m_warned_files = true;
    }
}

void OutputMux::close_file(std::uint64_t seq, JobOutput& job) {
    if (!job.to_file) return;
    job.to_file = false;
    std::string name = m_files->end(seq);
    if (!name.empty()) hold(job.streams[static_cast<int>(Stream::out)], name + '\n', false);
}

bool OutputMux::streams_live(std::uint64_t seq) const {
    if (m_mode == OutputMode::group) return false;
    return !m_keep_order || seq == m_next_seq;
}

void OutputMux::write_tagged(Writer& writer, std::string_view data, std::string_view tag,
                             bool& at_line_start, bool painted) {
    // A line at a time, written out every k_tagged_batch bytes: a tag much longer than the
    // lines (a long argument, lines that are only newlines) would otherwise turn one chunk
    // into a thousand times its size in memory.
    constexpr std::size_t k_tagged_batch = 64 * 1024;
    m_scratch.clear();
    while (!data.empty()) {
        auto newline = data.find('\n');
        std::size_t take = newline == std::string_view::npos ? data.size() : newline + 1;
        if (painted)
            append_failed(m_scratch, data.substr(0, take), tag, at_line_start);
        else
            append_tagged(m_scratch, data.substr(0, take), tag, at_line_start);
        data.remove_prefix(take);
        if (m_scratch.size() >= k_tagged_batch) {
            writer.write(m_scratch);
            m_scratch.clear();
        }
    }
    writer.write(m_scratch);
    if (m_scratch.capacity() > 4 * k_tagged_batch) std::string().swap(m_scratch);
}

void OutputMux::hold(Held& held, std::string_view data, bool live) {
    HeldBytes& bytes = held.bytes;
    // A held stream that went to the file stays there until it is printed: growing its
    // memory part again only to spill it once more would copy every byte twice (and cost
    // --group 2.5x a pipe copy on a big output). A live stream prints its complete lines
    // at once, so its memory part is only ever a partial line. (Under --compress the
    // bytes gather in memory anyway: a frame per chunk read would compress poorly, and
    // cost a run of --compress-program each.)
    if (!live && !m_spill.compressing() && bytes.spilled_size() > 0 && bytes.memory_size() == 0 &&
        bytes.append_to_file(data, m_spill))
        return;
    if (bytes.memory_size() + data.size() > m_limits.stream_memory ||
        m_memory_held + data.size() > m_limits.total_memory) {
        // Over a limit: this stream's memory part goes to the file, and so do the new bytes.
        // (Spilling the stream that grows, not the biggest, keeps this O(1); the total
        // still cannot pass the limit, since nothing else grows meanwhile.)
        spill(bytes, data);
        return;
    }
    bytes.append(data);
    m_memory_held += data.size();
}

void OutputMux::spill(HeldBytes& bytes, std::string_view data) {
    std::string why;
    try {
        if (m_spill.compressing()) {
            // One frame of both: the bigger a frame, the better it compresses.
            bytes.append(data);
            m_memory_held += data.size();
            data = {}; // held now, in memory or in the file
            std::size_t in_memory = bytes.memory_size();
            if (bytes.spill(m_spill)) {
                m_memory_held -= in_memory;
                return;
            }
            why = fmt::format("cannot put held output in a temporary file in '{}' ({})",
                              m_spill.directory(), errno_text(errno));
        } else {
            std::size_t in_memory = bytes.memory_size();
            if (bytes.spill(m_spill)) {
                m_memory_held -= in_memory;
                if (bytes.append_to_file(data, m_spill)) return;
            }
            why = fmt::format("cannot put held output in a temporary file in '{}' ({})",
                              m_spill.directory(), errno_text(errno));
        }
    } catch (const Error& error) {
        why = error.what(); // the codec failed: the bytes are still held, in memory
    }
    if (!m_warned_spill) spdlog::warn("{}; holding it in memory", why);
    m_warned_spill = true;
    if (!data.empty()) {
        bytes.append(data);
        m_memory_held += data.size();
    }
}

void OutputMux::write_held(JobOutput& job, Stream stream, bool complete_lines_only) {
    Held& held = job.streams[static_cast<int>(stream)];
    std::uint64_t length = complete_lines_only ? held.bytes.complete_size() : held.bytes.size();
    if (length == 0) return;
    Writer& writer = *m_writers[static_cast<int>(stream)];
    std::size_t memory_before = held.bytes.memory_size();
    while (length > 0) {
        if (writer.failed()) {
            // Nobody will see it: do not read spilled bytes back just to drop them.
            held.bytes.consume(length, m_spill);
            break;
        }
        // A painted job's tag is plain: a coloured one would end the red.
        const std::string& tag = job.painted ? job.tag : tag_for(job, stream);
        bool plain = tag.empty() && !job.painted;
        std::uint64_t offset = 0, extent = 0;
        if (plain && held.bytes.first_in_file(offset, extent)) {
            // Untagged bytes in the file go out without a trip through our memory.
            std::uint64_t sent = writer.send_file(m_spill.fd(), offset, std::min(extent, length));
            if (sent > 0) {
                held.bytes.consume(sent, m_spill);
                length -= sent;
                continue;
            }
        }
        std::string_view piece = held.bytes.peek(m_spill, length);
        if (piece.empty()) break; // cannot happen (length <= size()), but must not spin
        if (plain) {
            writer.write(piece);
            held.at_line_start = piece.back() == '\n';
        } else {
            write_tagged(writer, piece, tag, held.at_line_start, job.painted);
        }
        held.bytes.consume(piece.size(), m_spill);
        length -= piece.size();
    }
    if (job.painted && !complete_lines_only && !held.at_line_start && !writer.failed()) {
        writer.write(k_failed_line_end);
        held.at_line_start = true;
    }
    m_memory_held -= memory_before - held.bytes.memory_size();
}

void OutputMux::output(std::uint64_t seq, Stream stream, std::string_view data) {
    auto it = m_jobs.find(seq);
    if (it == m_jobs.end()) return;
    JobOutput& job = it->second;
    if (job.to_file && stream == Stream::out) {
        if (!m_files->write(seq, data) && !m_warned_files) {
            spdlog::error("cannot write a --files file in '{}': {}", m_files->where(),
                          errno_text(errno));
            m_warned_files = true;
        }
        return;
    }
    if (m_mode == OutputMode::ungroup) {
        // Bytes as they come; only the tag needs our attention.
        Held& held = job.streams[static_cast<int>(stream)];
        write_tagged(*m_writers[static_cast<int>(stream)], data, tag_for(job, stream),
                     held.at_line_start);
        return;
    }
    bool live = streams_live(seq);
    hold(job.streams[static_cast<int>(stream)], data, live);
    if (live) write_held(job, stream, true);
}

void OutputMux::discard(std::uint64_t seq) {
    auto it = m_jobs.find(seq);
    if (it == m_jobs.end()) return;
    for (Held& held : it->second.streams) {
        m_memory_held -= held.bytes.memory_size();
        held.bytes.clear(m_spill);
    }
}

void OutputMux::end(std::uint64_t seq, bool failed) {
    auto it = m_jobs.find(seq);
    if (it == m_jobs.end()) return;
    it->second.ended = true;
    it->second.painted =
        failed && m_paint_failed && m_mode == OutputMode::group && m_files == nullptr;
    close_file(seq, it->second);
    if (!m_keep_order) {
        write_held(it->second, Stream::out, false);
        write_held(it->second, Stream::err, false);
        m_jobs.erase(it);
        return;
    }
    release_in_order();
}

void OutputMux::skip(std::uint64_t seq) {
    if (!m_keep_order) return;
    JobOutput& job = m_jobs[seq];
    job.ended = true;
    job.skipped = true;
    release_in_order();
}

void OutputMux::release_in_order() {
    while (true) {
        auto it = m_jobs.find(m_next_seq);
        if (it == m_jobs.end()) return;
        JobOutput& job = it->second;
        if (!job.ended) {
            // The new head of the line streams live from now on: show what it has so far.
            if (m_mode == OutputMode::line) {
                write_held(job, Stream::out, true);
                write_held(job, Stream::err, true);
            }
            return;
        }
        write_held(job, Stream::out, false);
        write_held(job, Stream::err, false);
        m_jobs.erase(it);
        ++m_next_seq;
    }
}

void OutputMux::flush_all() {
    for (auto& [seq, job] : m_jobs) {
        close_file(seq, job);
        write_held(job, Stream::out, false);
        write_held(job, Stream::err, false);
    }
    m_jobs.clear();
}

} // namespace prun
