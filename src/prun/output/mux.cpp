#include <prun/output/color.hpp>
#include <prun/output/mux.hpp>

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

OutputMux::OutputMux(OutputMode mode, bool keep_order, Writer& out, Writer& err)
    : m_mode(mode), m_keep_order(keep_order && mode != OutputMode::ungroup), m_writers{&out, &err} {
}

void OutputMux::begin(std::uint64_t seq, std::string tag) {
    JobOutput& job = m_jobs[seq];
    job.tag = std::move(tag);
    if ((m_color_tags[0] || m_color_tags[1]) && !job.tag.empty())
        job.painted_tag = paint_tag(job.tag);
}

bool OutputMux::streams_live(std::uint64_t seq) const {
    if (m_mode == OutputMode::group) return false;
    return !m_keep_order || seq == m_next_seq;
}

void OutputMux::write_held(JobOutput& job, Stream stream, bool complete_lines_only) {
    Held& held = job.streams[static_cast<int>(stream)];
    std::size_t length = held.bytes.size();
    if (complete_lines_only) {
        auto last_newline = held.bytes.rfind('\n');
        length = last_newline == std::string::npos ? 0 : last_newline + 1;
    }
    if (length == 0) return;
    Writer& writer = *m_writers[static_cast<int>(stream)];
    const std::string& tag = tag_for(job, stream);
    if (tag.empty()) {
        writer.write(std::string_view(held.bytes).substr(0, length));
        held.at_line_start = held.bytes[length - 1] == '\n';
    } else {
        m_scratch.clear();
        append_tagged(m_scratch, std::string_view(held.bytes).substr(0, length), tag,
                      held.at_line_start);
        writer.write(m_scratch);
    }
    held.bytes.erase(0, length);
}

void OutputMux::output(std::uint64_t seq, Stream stream, std::string_view data) {
    auto it = m_jobs.find(seq);
    if (it == m_jobs.end()) return;
    JobOutput& job = it->second;
    if (m_mode == OutputMode::ungroup) {
        // Bytes as they come; only the tag needs our attention.
        Held& held = job.streams[static_cast<int>(stream)];
        m_scratch.clear();
        append_tagged(m_scratch, data, tag_for(job, stream), held.at_line_start);
        m_writers[static_cast<int>(stream)]->write(m_scratch);
        return;
    }
    job.streams[static_cast<int>(stream)].bytes.append(data);
    if (streams_live(seq)) write_held(job, stream, true);
}

void OutputMux::discard(std::uint64_t seq) {
    auto it = m_jobs.find(seq);
    if (it == m_jobs.end()) return;
    for (Held& held : it->second.streams)
        held.bytes.clear();
}

void OutputMux::end(std::uint64_t seq) {
    auto it = m_jobs.find(seq);
    if (it == m_jobs.end()) return;
    it->second.ended = true;
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
        write_held(job, Stream::out, false);
        write_held(job, Stream::err, false);
    }
    m_jobs.clear();
}

} // namespace prun
