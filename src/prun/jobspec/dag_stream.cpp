#include <prun/jobspec/dag_stream.hpp>
#include <prun/template/quote.hpp>
#include <prun/util/error.hpp>

namespace prun {

DagStream::DagStream(std::vector<FileJob> jobs) {
    for (FileJob& file_job : jobs)
        m_dag.add(std::move(file_job.job), file_job.needs);
}

DagStream::DagStream(RecordReader lines, std::string source, ErrorHandler on_error)
    : m_lines(std::move(lines)), m_parser(std::in_place, std::move(source)),
      m_on_error(std::move(on_error)) {}

JobStream::Status DagStream::next(Job& job) {
    while (m_error.empty()) {
        switch (m_dag.take(job)) {
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
        if (!m_lines) return m_dag.unhanded() > 0 ? Status::pending : Status::done;
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
            if (m_lines->pollable()) return false; // wait for the event loop
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
    return m_lines && m_lines->pollable() ? m_lines->fd() : -1;
}

void DagStream::on_readable() {
    if (!m_lines) return;
    try {
        m_lines->fill();
    } catch (const Error& e) {
        fail(e.what());
    }
}

bool DagStream::exhausted() const {
    return !m_error.empty() || (!m_lines && m_dag.unhanded() == 0);
}

} // namespace prun
