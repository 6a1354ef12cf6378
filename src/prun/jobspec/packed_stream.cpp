#include <algorithm>

#include <fmt/format.h>

#include <prun/jobspec/packed_stream.hpp>

namespace prun {

JobStream::Status PackedStream::take(Combination& combination) {
    if (!m_back.empty()) {
        combination = std::move(m_back.front());
        m_back.pop_front();
        return Status::ready;
    }
    if (m_input_ended) return Status::done;
    Job job;
    Status status = m_inner.next(job);
    if (status == Status::done) m_input_ended = true;
    if (status == Status::ready) combination = std::move(job.args);
    return status;
}

// Adds `combination`'s length to the job's if it fits (GNU: the line must stay shorter
// than the limit).
bool PackedStream::fits(const Combination& combination) {
    auto length = [this](std::span<const std::string> args) {
        return m_packing.length(args, m_seq + 1);
    };
    std::size_t added = 0;
    if (m_job.empty()) {
        added = length(combination);
    } else {
        Combination twice = combination;
        twice.insert(twice.end(), combination.begin(), combination.end());
        std::size_t once = length(combination);
        added = length(twice) - std::min(once, length(twice));
    }
    if (m_length + added >= m_packing.max_chars) return false;
    m_length += added;
    return true;
}

// GNU parallel: at the end of the input, the job being filled is cut into `spread_over`
// parts, and that size is the most any job gets from then on.
void PackedStream::spread() {
    m_spread = true;
    std::size_t slots = m_packing.spread_over;
    if (slots <= 1 || m_job.size() <= 1) return;
    std::size_t share = (m_job.size() + slots - 1) / slots;
    m_packing.max_per_job = std::min(m_packing.max_per_job, share);
    for (std::size_t i = m_job.size(); i-- > share;)
        m_back.push_front(std::move(m_job[i]));
    m_job.resize(share);
}

JobStream::Status PackedStream::next(Job& job) {
    if (m_done) return Status::done;
    while (true) {
        if (m_job.size() >= m_packing.max_per_job) {
            // Full by count: the input may have ended just here (then GNU spreads).
            if (m_spread || m_packing.spread_over <= 1) break;
            Combination peeked;
            Status status = take(peeked);
            if (status == Status::pending) return status;
            if (status == Status::ready) m_back.push_front(std::move(peeked));
            break;
        }
        Combination combination;
        Status status = take(combination);
        if (status == Status::pending) return status;
        if (status == Status::done) break;
        if (!fits(combination)) {
            if (m_job.empty() || m_packing.exit_if_exceeded) {
                std::string value;
                for (const auto& arg : combination)
                    value += (value.empty() ? "" : " ") + arg;
                if (value.size() > 50) value = value.substr(0, 50) + "...";
                if (m_job.empty())
                    m_error = fmt::format("command line too long ({} >= {} characters, the "
                                          "-s/--max-chars limit) at input {}: {}",
                                          m_packing.length(combination, m_seq + 1),
                                          m_packing.max_chars, m_inner.count(), value);
                else
                    m_error = fmt::format("-x/--exit: job {} has room for {} arguments only, "
                                          "under the -s/--max-chars limit of {} characters, "
                                          "at input {}: {}",
                                          m_seq + 1, m_job.size(), m_packing.max_chars,
                                          m_inner.count(), value);
                if (m_on_error) m_on_error(m_error);
                m_done = true;
                return Status::done;
            }
            m_back.push_front(std::move(combination));
            break;
        }
        m_job.push_back(std::move(combination));
    }
    if (!m_spread && m_input_ended && m_back.empty()) spread();
    if (m_job.empty()) {
        m_done = true;
        return Status::done;
    }
    job = Job();
    job.seq = ++m_seq;
    for (auto& combination : m_job)
        job.args.insert(job.args.end(), std::make_move_iterator(combination.begin()),
                        std::make_move_iterator(combination.end()));
    m_job.clear();
    m_length = 0;
    return Status::ready;
}

} // namespace prun
