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
            m_forward[need].push_back(seq);
            ++node.unmet;
            continue;
        }
        switch (it->second.state) {
        case State::succeeded:
            break;
        case State::doomed:
            if (failure.empty()) failure = skipped_phrase(it->second.job);
            break;
        case State::skipped:
        case State::failed:
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
    std::uint64_t seq = end.seq;
    bool succeeded = end.succeeded;
    auto it = m_nodes.find(seq);
    if (it == m_nodes.end()) return;
    Node& node = it->second;
    if (node.state == State::skipped) {
        node.state = State::failed; // its dependents were doomed along with it
        return;
    }
    if (node.state != State::running) return;
    node.state = succeeded ? State::succeeded : State::failed;
    if (!succeeded) node.why = fmt::format("{}, which {}", job_label(end.name, seq), end.how);
    for (std::uint64_t dependent : node.dependents) {
        if (succeeded)
            need_succeeded(m_nodes[dependent], dependent);
        else
            doom(dependent, node.why);
    }
    node.dependents.clear();
    node.dependents.shrink_to_fit();
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
