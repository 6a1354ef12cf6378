#include <prun/jobspec/dag.hpp>

namespace prun {

void Dag::add(Job job, const std::vector<std::uint64_t>& needs) {
    std::uint64_t seq = job.seq;
    Node& node = m_nodes[seq];
    node.job = std::move(job);
    ++m_unhanded;
    bool doomed = false;
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
        case State::skipped:
        case State::failed:
            doomed = true;
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
    if (doomed) {
        doom(seq);
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
    // The node stays (later jobs may name it), its job need not: a long stream stays small.
    out = std::move(node.job);
    node.job = Job{};
    --m_unhanded;
    return skipped ? Take::skipped : Take::ready;
}

void Dag::finish(std::uint64_t seq, bool succeeded) {
    auto it = m_nodes.find(seq);
    if (it == m_nodes.end()) return;
    Node& node = it->second;
    if (node.state == State::skipped) {
        node.state = State::failed; // its dependents were doomed along with it
        return;
    }
    if (node.state != State::running) return;
    node.state = succeeded ? State::succeeded : State::failed;
    for (std::uint64_t dependent : node.dependents) {
        if (succeeded)
            need_succeeded(m_nodes[dependent], dependent);
        else
            doom(dependent);
    }
    node.dependents.clear();
    node.dependents.shrink_to_fit();
}

void Dag::need_succeeded(Node& node, std::uint64_t seq) {
    if (node.state != State::waiting || --node.unmet > 0) return;
    node.state = State::ready;
    m_ready.push(seq);
}

// Dooms `seq` and, transitively, every waiting job that needs it.
void Dag::doom(std::uint64_t seq) {
    std::vector<std::uint64_t> stack{seq};
    while (!stack.empty()) {
        std::uint64_t current = stack.back();
        stack.pop_back();
        Node& node = m_nodes[current];
        if (node.state != State::waiting) continue;
        node.state = State::doomed;
        m_doomed.push(current);
        stack.insert(stack.end(), node.dependents.begin(), node.dependents.end());
    }
}

} // namespace prun
