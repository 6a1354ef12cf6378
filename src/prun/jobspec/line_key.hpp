#pragma once
// The value of one column of a line, as GNU parallel's --group-by, --shard and --bin take
// it (perl's `split /COLSEP/, $_`): the line, newline and all, split at each match of the
// column separator, a regular expression; a column past the last is empty.
//
// GroupMarker (--group-by) puts a marker in front of each line whose key differs from the
// line before it (GNU's own way: the marker is then the --recstart of the blocks, and
// removed from them), so that --pipe cuts blocks only between groups.

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace prun {

class Regex;

class LineKey {
public:
    // `column` counts from 1. Throws Error if `colsep` does not compile.
    LineKey(const std::string& colsep, std::size_t column);
    ~LineKey();
    LineKey(LineKey&&) noexcept;
    LineKey& operator=(LineKey&&) noexcept;

    std::string_view key(std::string_view line) const;

    // The column (from 1) named `name` in `header` (split likewise, without its newline),
    // or nullopt.
    std::optional<std::size_t> column_of(std::string_view header, std::string_view name) const;

private:
    std::unique_ptr<Regex> m_colsep;
    std::size_t m_column;
};

// --group-by's column: a number, or a name looked up in the input's first line.
struct GroupColumn {
    std::size_t number = 0; // from 1; 0: by name
    std::string name;
};

class GroupMarker {
public:
    // `skip_lines` lines at the start (the --header) pass unmarked; with a column name,
    // the first of them names the columns. Throws Error.
    GroupMarker(const std::string& colsep, GroupColumn column, std::size_t skip_lines,
                std::string marker);
    ~GroupMarker();
    GroupMarker(GroupMarker&&) noexcept;
    GroupMarker& operator=(GroupMarker&&) noexcept;

    // Appends `in`, marked, to `out`: every complete line (a line's end is held until
    // its newline, or finish(), comes). Throws Error if a named column is not in the
    // header.
    void feed(std::string_view in, std::string& out);
    // The input has ended: what is left.
    void finish(std::string& out);

private:
    void mark(std::string_view line, std::string& out);

    std::string m_colsep;
    GroupColumn m_column;
    std::optional<LineKey> m_key;
    bool m_by_name = false; // m_key is not yet the named column's
    std::size_t m_skip_lines;
    std::string m_marker;
    std::string m_partial;             // a line not ended yet
    std::optional<std::string> m_last; // the key of the line before
};

// --shard and --bin: each line of the input goes to one of `slots` long-lived jobs, by the
// value of a column: --shard by a hash of it (the same value always to the same job),
// --bin by the value as a number (GNU: v % slots, 0 going to the last job; a value that is
// not a number counts as 0, as in perl).
class LineRouter {
public:
    enum class Mode { shard, bin };
    // With a column name, the first line names the columns (and goes to no job, as in GNU).
    // Throws Error.
    LineRouter(Mode mode, const std::string& colsep, GroupColumn column, std::size_t slots);
    ~LineRouter();
    LineRouter(LineRouter&&) noexcept;
    LineRouter& operator=(LineRouter&&) noexcept;

    // Appends each whole line of `block` to parts[its job] (parts has `slots` entries).
    // Throws Error if a named column is not in the header.
    void route(std::string_view block, std::vector<std::string>& parts);
    // The job (from 0) that gets a line whose column holds `key`.
    std::size_t slot_of(std::string_view key) const;

private:
    Mode m_mode;
    std::string m_colsep;
    GroupColumn m_column;
    std::optional<LineKey> m_key;
    bool m_by_name = false;
    std::size_t m_slots;
};

} // namespace prun
