#include <prun/jobspec/dag_stream.hpp>
#include <prun/template/quote.hpp>
#include <prun/util/error.hpp>

namespace prun {

DagStream::DagStream(std::vector<FileJob> jobs) {
    for (FileJob& file_job : jobs)
        m_dag.add(std::move(file_job.job), file_job.needs);
}

DagStream::DagStream(JobTable jobs) : m_table(std::in_place, std::move(jobs)) {}

Dag::Take DagStream::take(Job& job) {
    return m_table ? m_table->take(job) : m_dag.take(job);
}

void DagStream::on_job_done(const JobEnd& end) {
    if (m_table)
        m_table->finish(end);
    else
        m_dag.finish(end);
}

namespace {
// The line a JSON Lines file may start with: {"defaults": ...}. (No job has that key.)
bool is_defaults_line(std::string_view line) {
    auto at = line.find_first_not_of(" \t\r");
    if (at == std::string_view::npos || line[at] != '{') return false;
    at = line.find_first_not_of(" \t\r", at + 1);
    return at != std::string_view::npos && line.substr(at).starts_with("\"defaults\"");
}
} // namespace

std::optional<std::uint64_t> DagStream::total() const {
    if (m_table && m_error.empty()) return m_table->size();
    if (m_counter && !m_count_done && MonoClock::now() >= m_next_count) {
        // A slice at a time, as ArgumentSource counts: never more than a fifth of the time.
        constexpr auto k_slice = std::chrono::milliseconds(5);
        count_lines(k_slice);
        m_next_count = MonoClock::now() + 4 * k_slice;
    }
    if (m_count_done && m_error.empty()) return m_counted;
    return JobStream::total();
}

void DagStream::count_ahead(std::shared_ptr<ReadAhead> input, RecordReader counter) {
    m_ahead = std::move(input);
    m_counter.emplace(std::move(counter));
}

void DagStream::count_lines(std::chrono::milliseconds budget) const {
    MonoTime deadline = MonoClock::now() + budget;
    try {
        for (std::uint64_t n = 1;; ++n) {
            if (auto line = m_counter->next()) {
                if (line->find_first_not_of(" \t\r") == std::string::npos) continue;
                bool first = !std::exchange(m_counted_first, true);
                if (!(first && is_defaults_line(*line))) ++m_counted;
            } else if (m_counter->eof()) {
                m_count_done = true;
                m_counter.reset();
                return;
            } else if (m_counter->must_wait()) {
                return; // the rest is not read ahead yet
            } else {
                m_counter->fill();
            }
            if (n % 1024 == 0 && MonoClock::now() >= deadline) return;
        }
    } catch (const Error&) {
        m_counter.reset(); // the jobs' reader meets the same error and says it
    }
}

DagStream::DagStream(RecordReader lines, std::string source, ErrorHandler on_error)
    : m_lines(std::move(lines)), m_parser(std::in_place, std::move(source)),
      m_on_error(std::move(on_error)) {}

JobStream::Status DagStream::next(Job& job) {
    while (m_error.empty()) {
        switch (take(job)) {
        case Dag::Take::ready:
            ++m_handed;
            return Status::ready;
        case Dag::Take::skipped:
            ++m_handed;
            // A skipped job is reported by its command; an argv job has it only as words.
            if (job.command.empty()) {
                for (const std::string& word : job.argv) {
                    if (!job.command.empty()) job.command.push_back(' ');
                    tmpl::shell_quote(word, job.command);
                }
            }
            return Status::skipped;
        case Dag::Take::waiting:
        case Dag::Take::empty:
            break;
        }
        if (!m_lines) return unhanded() > 0 ? Status::pending : Status::done;
        if (!read_line() && m_lines && m_error.empty()) return Status::pending;
    }
    return Status::done;
}

bool DagStream::read_line() {
    try {
        while (true) {
            if (auto line = m_lines->next()) {
                if (auto file_job = m_parser->parse(*line))
                    m_dag.add(std::move(file_job->job), file_job->needs);
                return true;
            }
            if (m_lines->eof()) {
                m_lines.reset(); // close the input as soon as it is finished
                return false;
            }
            if (m_lines->must_wait()) return false; // wait for the event loop
            m_lines->fill();
        }
    } catch (const Error& e) {
        fail(e.what());
        return false;
    }
}

void DagStream::fail(const std::string& message) {
    m_error = message;
    m_lines.reset(); // a generator still writing gets SIGPIPE, not a hang
    if (m_on_error) m_on_error(message);
}

int DagStream::pending_fd() const {
    return m_lines && m_lines->must_wait() ? m_lines->fd() : -1;
}

int DagStream::prefetch_fd() const {
    // Reading ahead goes on while every slot is busy, to the input's end.
    return m_error.empty() && m_ahead && m_ahead->pulled() && !m_ahead->ended() ? m_ahead->fd()
                                                                                : -1;
}

void DagStream::on_readable() {
    try {
        if (m_ahead) {
            m_ahead->pull();
            if (m_counter) count_lines(std::chrono::milliseconds(5));
        } else if (m_lines) {
            m_lines->fill();
        }
    } catch (const Error& e) {
        fail(e.what());
    }
}

bool DagStream::exhausted() const {
    return !m_error.empty() || (!m_lines && unhanded() == 0);
}

} // namespace prun
