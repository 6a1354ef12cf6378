#include <algorithm>

#include <fmt/format.h>

#include <prun/jobspec/dag.hpp>

namespace prun {

std::string job_label(std::string_view name, std::uint64_t seq) {
    if (name.empty() || name == std::to_string(seq)) return fmt::format("job {}", seq);
    return fmt::format("'{}'", name);
}

namespace {

std::string skipped_phrase(const Job& job) {
    return job_label(job.name, job.seq) + ", which was skipped";
}

} // namespace

void Dag::add(Job job, const std::vector<std::uint64_t>& needs) {
    std::uint64_t seq = job.seq;
    Node& node = m_nodes[seq];
    node.job = std::move(job);
    ++m_unhanded;
    std::string failure; // of the first need that failed
    for (std::uint64_t need : needs) {
        auto it = m_nodes.find(need);
        if (it == m_nodes.end()) {
            switch (outcome(need)) {
            case Outcome::succeeded:
                break;
            case Outcome::failed:
                if (failure.empty()) failure = m_failures[need];
                break;
            case Outcome::none: // not added yet
                m_forward[need].push_back(seq);
                ++node.unmet;
                break;
            }
            continue;
        }
        switch (it->second.state) {
        case State::doomed:
            if (failure.empty()) failure = skipped_phrase(it->second.job);
            break;
        case State::skipped:
            if (failure.empty()) failure = it->second.why;
            break;
        case State::waiting:
        case State::ready:
        case State::running:
            it->second.dependents.push_back(seq);
            ++node.unmet;
            break;
        }
    }
    if (auto it = m_forward.find(seq); it != m_forward.end()) {
        node.dependents = std::move(it->second);
        m_forward.erase(it);
    }
    if (!failure.empty()) {
        doom(seq, failure);
    } else if (node.unmet == 0) {
        node.state = State::ready;
        m_ready.push(seq);
    }
}

Dag::Take Dag::take(Job& out) {
    // Skipped jobs first: reporting them takes no slot, and it is news the user wants.
    MinHeap* queue = !m_doomed.empty() ? &m_doomed : !m_ready.empty() ? &m_ready : nullptr;
    if (queue == nullptr) return m_unhanded > 0 ? Take::waiting : Take::empty;
    std::uint64_t seq = queue->top();
    queue->pop();
    Node& node = m_nodes[seq];
    bool skipped = queue == &m_doomed;
    node.state = skipped ? State::skipped : State::running;
    if (skipped) {
        node.job.skipped_because = std::move(node.why);
        node.why = skipped_phrase(node.job); // for the jobs that need it, added later
    }
    // The node stays (later jobs may name it), its job need not: a long stream stays small.
    out = std::move(node.job);
    node.job = Job{};
    --m_unhanded;
    return skipped ? Take::skipped : Take::ready;
}

void Dag::finish(const JobEnd& end) {
    auto it = m_nodes.find(end.seq);
    if (it == m_nodes.end()) return;
    Node& node = it->second;
    if (node.state == State::skipped) {
        // Its dependents were doomed along with it.
        set_outcome(end.seq, false, std::move(node.why));
        m_nodes.erase(it);
        return;
    }
    if (node.state != State::running) return;
    std::string why;
    if (!end.succeeded) why = fmt::format("{}, which {}", job_label(end.name, end.seq), end.how);
    for (std::uint64_t dependent : node.dependents) {
        if (end.succeeded)
            need_succeeded(m_nodes[dependent], dependent);
        else
            doom(dependent, why);
    }
    m_nodes.erase(end.seq); // `node` is gone from here on
    set_outcome(end.seq, end.succeeded, std::move(why));
}

void Dag::set_outcome(std::uint64_t seq, bool succeeded, std::string why) {
    if (seq >= m_outcomes.size()) m_outcomes.resize(std::max(seq + 1, m_outcomes.size() * 2));
    m_outcomes[seq] = succeeded ? Outcome::succeeded : Outcome::failed;
    if (!succeeded) m_failures.emplace(seq, std::move(why));
}

void Dag::need_succeeded(Node& node, std::uint64_t seq) {
    if (node.state != State::waiting || --node.unmet > 0) return;
    node.state = State::ready;
    m_ready.push(seq);
}

void Dag::doom(std::uint64_t seq, const std::string& failure) {
    // (job, the failed need it names): each job doomed through another names that one.
    std::vector<std::pair<std::uint64_t, std::string>> stack{{seq, failure}};
    while (!stack.empty()) {
        auto [current, need] = std::move(stack.back());
        stack.pop_back();
        Node& node = m_nodes[current];
        if (node.state != State::waiting) continue;
        node.state = State::doomed;
        node.why = "needs " + need;
        m_doomed.push(current);
        if (node.dependents.empty()) continue;
        std::string skipped = skipped_phrase(node.job);
        for (std::uint64_t dependent : node.dependents)
            stack.emplace_back(dependent, skipped);
    }
}

} // namespace prun
