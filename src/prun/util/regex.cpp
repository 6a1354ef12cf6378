#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <prun/util/regex.hpp>

namespace prun {

namespace {

// The JIT's own stack: 1 MiB at most, far more than a separator needs, and bounded.
constexpr std::size_t k_jit_stack_start = 32 * 1024;
constexpr std::size_t k_jit_stack_max = 1024 * 1024;

} // namespace

struct Regex::Impl {
    // The deleters are Impl's own, not an anonymous namespace's: Impl has external linkage,
    // and the release build's unity files would warn (-Wsubobject-linkage).
    struct CodeFree {
        void operator()(pcre2_code* p) const { pcre2_code_free(p); }
    };
    struct MatchDataFree {
        void operator()(pcre2_match_data* p) const { pcre2_match_data_free(p); }
    };
    struct ContextFree {
        void operator()(pcre2_match_context* p) const { pcre2_match_context_free(p); }
    };
    struct StackFree {
        void operator()(pcre2_jit_stack* p) const { pcre2_jit_stack_free(p); }
    };

    std::unique_ptr<pcre2_code, CodeFree> code;
    std::unique_ptr<pcre2_match_data, MatchDataFree> data;
    std::unique_ptr<pcre2_match_context, ContextFree> context;
    std::unique_ptr<pcre2_jit_stack, StackFree> jit_stack;
};

Regex::Regex(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
Regex::~Regex() = default;
Regex::Regex(Regex&&) noexcept = default;
Regex& Regex::operator=(Regex&&) noexcept = default;

std::optional<Regex> Regex::compile(std::string_view pattern, std::string& error) {
    int code_error = 0;
    PCRE2_SIZE offset = 0;
    auto impl = std::make_unique<Impl>();
    impl->code.reset(pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(), 0,
                                   &code_error, &offset, nullptr));
    if (!impl->code) {
        PCRE2_UCHAR message[256];
        pcre2_get_error_message(code_error, message, sizeof message);
        error = std::string(reinterpret_cast<const char*>(message)) + " at offset " +
                std::to_string(offset);
        return std::nullopt;
    }
    impl->data.reset(pcre2_match_data_create_from_pattern(impl->code.get(), nullptr));
    impl->context.reset(pcre2_match_context_create(nullptr));
    if (!impl->data || !impl->context) throw std::bad_alloc();
    pcre2_set_match_limit(impl->context.get(), k_match_limit);
    pcre2_set_depth_limit(impl->context.get(), k_depth_limit);
    pcre2_set_heap_limit(impl->context.get(), k_heap_limit_kib);
    // Without the JIT (not built in, or no executable memory) the interpreter runs, under
    // the same limits.
    if (pcre2_jit_compile(impl->code.get(), PCRE2_JIT_COMPLETE) == 0) {
        impl->jit_stack.reset(pcre2_jit_stack_create(k_jit_stack_start, k_jit_stack_max, nullptr));
        if (impl->jit_stack)
            pcre2_jit_stack_assign(impl->context.get(), nullptr, impl->jit_stack.get());
    }
    return Regex(std::move(impl));
}

Regex::Result Regex::search(std::string_view subject, std::size_t from, Match& match, bool anchored,
                            bool non_empty) const {
    std::uint32_t options = 0;
    if (anchored) options |= PCRE2_ANCHORED;
    if (non_empty) options |= PCRE2_NOTEMPTY_ATSTART;
    int rc = pcre2_match(m_impl->code.get(), reinterpret_cast<PCRE2_SPTR>(subject.data()),
                         subject.size(), from, options, m_impl->data.get(), m_impl->context.get());
    if (rc == PCRE2_ERROR_NOMATCH) return Result::no_match;
    if (rc < 0) return Result::limit; // match, depth, heap or JIT stack limit
    const PCRE2_SIZE* ovector = pcre2_get_ovector_pointer(m_impl->data.get());
    match.pos = ovector[0];
    match.length = ovector[1] - ovector[0];
    return Result::match;
}

std::optional<Regex::Match> Regex::group(std::size_t n) const {
    if (n > groups() || n >= pcre2_get_ovector_count(m_impl->data.get())) return std::nullopt;
    const PCRE2_SIZE* ovector = pcre2_get_ovector_pointer(m_impl->data.get());
    if (ovector[2 * n] == PCRE2_UNSET || ovector[2 * n + 1] < ovector[2 * n]) return std::nullopt;
    return Match{ovector[2 * n], ovector[2 * n + 1] - ovector[2 * n]};
}

std::size_t Regex::groups() const {
    std::uint32_t count = 0;
    pcre2_pattern_info(m_impl->code.get(), PCRE2_INFO_CAPTURECOUNT, &count);
    return count;
}

} // namespace prun
