#pragma once
// The jobs of a .json job file, held compactly from the parse until they run: a job file
// of 100,000 jobs must not cost a `Job` (hundreds of bytes) for each one waiting.
//
// Each job is one packed record in an arena (flags, then its own fields as length-prefixed
// bytes: name, cmd or argv, env, cwd, tag, timeout, retries), 8 bytes to find it, and its
// needs as job indices in one flat array. The file's defaults are kept once and applied
// when a job is unpacked (job()), which is when it is about to run. Names are looked up
// through an open-addressing table of job indices while the file is read, then dropped.

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <prun/jobspec/job.hpp>
#include <prun/jobspec/job_file.hpp>

namespace prun {

class JobTable {
public:
    std::size_t size() const { return m_records.size(); }
    bool empty() const { return m_records.empty(); }
    // The job at `index` (its seq is index + 1), defaults applied, identity set.
    Job job(std::size_t index) const;
    // Its name: the file's, or its number.
    std::string name(std::size_t index) const;
    // The indices of the jobs it needs (after resolve_needs()).
    std::span<const std::uint32_t> needs(std::size_t index) const {
        return {m_needs.data() + m_need_start[index], m_needs.data() + m_need_start[index + 1]};
    }
    // The indices of the jobs that need it (after resolve_needs()).
    std::span<const std::uint32_t> dependents(std::size_t index) const {
        return {m_dependents.data() + m_dependent_start[index],
                m_dependents.data() + m_dependent_start[index + 1]};
    }

    // Building, in file order. add() returns the new job's index, or the index of the job
    // that already has its name.
    struct Added {
        std::size_t index;
        bool fresh;
    };
    Added add(const OwnJob& job);
    // Adds a need of the job added last: a name, found now or by resolve_needs().
    void add_need(std::string name);
    void set_defaults(JobDefaults defaults) { m_defaults = std::move(defaults); }
    // Resolves the needs that named jobs later in the file; returns the first need that
    // names no job, as (job index, name), if any. Drops the name index and lists each
    // job's dependents.
    std::optional<std::pair<std::size_t, std::string>> resolve_needs();

    // The index of the job named `name` (while building), if any.
    std::optional<std::size_t> find(std::string_view name) const;

private:
    std::string_view own_name(std::size_t index) const; // "" for an unnamed job
    std::optional<std::size_t> find_named(std::string_view name) const;
    void insert_name(std::size_t index);
    const char* store(std::string_view record);

    JobDefaults m_defaults;
    std::vector<const char*> m_records;
    std::vector<std::unique_ptr<char[]>> m_chunks; // the arena; records never move
    char* m_chunk_at = nullptr;                    // the free part of the last chunk
    std::size_t m_chunk_left = 0;
    std::vector<std::uint32_t> m_need_start{0}; // job i's needs: [start[i], start[i + 1])
    std::vector<std::uint32_t> m_needs;
    std::vector<std::pair<std::uint32_t, std::string>> m_forward; // (slot in m_needs, name)
    std::vector<std::uint32_t> m_dependent_start;                 // as m_need_start
    std::vector<std::uint32_t> m_dependents;
    std::vector<std::uint32_t> m_slots; // open addressing: index + 1 of a named job, or 0
    std::size_t m_named = 0;
    std::string m_scratch;
};

class RecordReader;

// Reads and checks a whole .json job file (names, needs, cycles: every problem an Error
// naming `source`, before any job runs): from `text`, or from what `input` buffered and
// what is left of it, a chunk at a time.
JobTable parse_job_file(std::string_view text, const std::string& source);
JobTable read_job_file(RecordReader& input, const std::string& source);

} // namespace prun
