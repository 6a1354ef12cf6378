#include <algorithm>
#include <charconv>
#include <fstream>
#include <map>
#include <random>

#include <prun/jobspec/job_list.hpp>
#include <prun/util/error.hpp>

namespace prun {

JobStream::Status JobList::next(Job& job) {
    if (m_next == m_jobs.size()) return Status::done;
    job = std::move(m_jobs[m_next++]);
    return Status::ready;
}

JobStream::Status ShuffledStream::next(Job& job) {
    while (!m_read) {
        Job read;
        Status status = m_inner.next(read);
        if (status == Status::pending) return status;
        if (status == Status::done) {
            m_read = true;
            std::shuffle(m_jobs.begin(), m_jobs.end(), std::mt19937_64(std::random_device()()));
            for (std::size_t i = 0; i < m_jobs.size(); ++i)
                m_jobs[i].seq = i + 1;
            break;
        }
        // Skipped jobs come from job files, which cannot be shuffled (parse.cpp refuses).
        m_jobs.push_back(std::move(read));
    }
    if (m_next == m_jobs.size()) return Status::done;
    job = std::move(m_jobs[m_next++]);
    return Status::ready;
}

std::vector<Job> failed_jobs_of_joblog(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw Error("cannot read --joblog '{}' for --retry-failed: {}", path, errno_text(errno));
    // seq -> its last command, or nothing once a line says it succeeded.
    std::map<std::uint64_t, std::optional<std::string>> jobs;
    std::string line;
    std::size_t number = 0;
    while (std::getline(in, line)) {
        ++number;
        std::vector<std::string_view> fields;
        std::string_view rest = line;
        for (int i = 0; i < 8; ++i) {
            std::size_t tab = rest.find('\t');
            if (tab == std::string_view::npos) break;
            fields.push_back(rest.substr(0, tab));
            rest.remove_prefix(tab + 1);
        }
        if (!fields.empty() && fields[0] == "Seq") continue; // the header
        std::uint64_t seq = 0;
        auto parsed =
            fields.size() == 8
                ? std::from_chars(fields[0].data(), fields[0].data() + fields[0].size(), seq)
                : std::from_chars_result{nullptr, std::errc::invalid_argument};
        if (parsed.ec != std::errc() || parsed.ptr != fields[0].data() + fields[0].size())
            throw Error("--joblog '{}', line {}: not a joblog line (Seq, Host, Starttime, "
                        "JobRuntime, Send, Receive, Exitval, Signal, Command, TAB-separated)",
                        path, number);
        auto trimmed = [](std::string_view field) {
            while (!field.empty() && field.front() == ' ')
                field.remove_prefix(1);
            return field;
        };
        bool succeeded = trimmed(fields[6]) == "0" && trimmed(fields[7]) == "0";
        auto [it, added] = jobs.try_emplace(seq, std::string(rest));
        if (succeeded)
            it->second.reset();
        else if (!added && it->second)
            it->second = std::string(rest);
    }
    std::vector<Job> failed;
    for (auto& [seq, command] : jobs) {
        if (!command) continue;
        Job job;
        job.seq = seq;
        job.command = std::move(*command);
        failed.push_back(std::move(job));
    }
    return failed;
}

} // namespace prun
