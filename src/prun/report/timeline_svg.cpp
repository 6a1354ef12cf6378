// The drawing of --timeline: pure layout arithmetic and SVG text.

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include <prun/report/timeline.hpp>
#include <prun/util/utf8.hpp>

namespace prun {

namespace {

struct StatusStyle {
    const char* status;
    const char* colour;
};
// Distinct in hue and lightness, readable with white text, and the usual meanings.
constexpr StatusStyle k_styles[] = {{"ok", "#2e9d5b"},
                                    {"failed", "#d64541"},
                                    {"timeout", "#e8900c"},
                                    {"killed", "#7b4fb4"},
                                    {"skipped", "#9aa0a8"}};

const char* colour_of(const std::string& status) {
    for (const StatusStyle& style : k_styles)
        if (status == style.status) return style.colour;
    return "#555";
}

// Text for XML: escaped, valid UTF-8, and no control characters (XML 1.0 forbids them).
std::string xml(std::string_view text) {
    std::string out;
    while (!text.empty()) {
        std::size_t length = utf8_sequence_length(text);
        char c = text.front();
        if (length == 0 ||
            (length == 1 && static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t')) {
            out.append(k_replacement_character);
            length = 1;
        } else if (c == '&') {
            out.append("&amp;");
        } else if (c == '<') {
            out.append("&lt;");
        } else if (c == '>') {
            out.append("&gt;");
        } else if (c == '"') {
            out.append("&quot;");
        } else {
            out.append(text.substr(0, length));
        }
        text.remove_prefix(length);
    }
    return out;
}

// At most `max` characters (not bytes) of `text`, with an ellipsis if cut.
std::string shorten(std::string_view text, std::size_t max) {
    std::size_t bytes = 0, chars = 0;
    while (bytes < text.size() && chars < max) {
        bytes += std::max<std::size_t>(1, utf8_sequence_length(text.substr(bytes)));
        ++chars;
    }
    if (bytes >= text.size()) return std::string(text);
    return std::string(text.substr(0, bytes)) + "\xE2\x80\xA6";
}

std::string seconds_text(double seconds) {
    if (seconds < 1) return fmt::format("{:.0f} ms", seconds * 1000);
    if (seconds < 60) return fmt::format("{:.2f} s", seconds);
    return fmt::format("{}m{:04.1f}s", static_cast<long>(seconds / 60), std::fmod(seconds, 60));
}

// A round tick step (1, 2 or 5 times a power of ten) giving about `ticks` ticks.
double tick_step(double span, int ticks) {
    double raw = span / ticks;
    double power = std::pow(10.0, std::floor(std::log10(raw)));
    for (double factor : {1.0, 2.0, 5.0})
        if (raw <= factor * power) return factor * power;
    return 10 * power;
}

std::string tick_label(double value, double step) {
    int decimals = step >= 1 ? 0 : static_cast<int>(std::ceil(-std::log10(step) - 1e-9));
    return fmt::format("{:.{}f} s", value, decimals);
}

} // namespace

std::string render_timeline(const std::vector<TimelineEntry>& entries, bool html) {
    unsigned slots = 0;
    double span = 0;
    bool any_skipped = false;
    std::size_t failed = 0;
    for (const TimelineEntry& entry : entries) {
        slots = std::max(slots, entry.slot);
        span = std::max(span, entry.end);
        any_skipped = any_skipped || entry.slot == 0;
        failed += entry.status != "ok";
    }
    span = std::max(span, 0.001);
    unsigned rows = std::max(1u, slots + (any_skipped ? 1u : 0u));

    // Layout, in pixels. Many slots get thin rows without labels inside the bars.
    const double width = 1000, left = 90, right = 24, top = 64;
    const double row = rows <= 24 ? 28 : std::max(6.0, 672.0 / rows);
    const double plot = width - left - right;
    const double axis_y = top + rows * row;
    const double height = axis_y + 76;
    auto x_of = [&](double t) { return left + t / span * plot; };

    std::string svg;
    svg += fmt::format("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" "
                       "viewBox=\"0 0 {0} {1}\" font-family=\"DejaVu Sans, Helvetica, Arial, "
                       "sans-serif\" font-size=\"12\">\n",
                       width, height);
    svg += fmt::format("<rect width=\"{}\" height=\"{}\" fill=\"#ffffff\"/>\n", width, height);
    svg += fmt::format("<text x=\"{}\" y=\"26\" font-size=\"17\" font-weight=\"bold\" "
                       "fill=\"#1f2328\">prun timeline</text>\n",
                       left);
    svg += fmt::format("<text x=\"{}\" y=\"46\" fill=\"#57606a\">{} jobs, {} not ok, {} slots, "
                       "{}</text>\n",
                       left, entries.size(), failed, slots, seconds_text(span));

    // Row bands and labels.
    for (unsigned r = 0; r < rows; ++r) {
        double y = top + r * row;
        bool skipped_row = any_skipped && r == rows - 1;
        svg += fmt::format("<rect x=\"{}\" y=\"{:.1f}\" width=\"{}\" height=\"{:.1f}\" "
                           "fill=\"{}\"/>\n",
                           left, y, plot, row, r % 2 == 0 ? "#f6f8fa" : "#ffffff");
        if (row >= 12)
            svg +=
                fmt::format("<text x=\"{}\" y=\"{:.1f}\" text-anchor=\"end\" fill=\"#57606a\" "
                            "dominant-baseline=\"middle\">{}</text>\n",
                            left - 10, y + row / 2,
                            skipped_row ? std::string("skipped") : fmt::format("slot {}", r + 1));
    }

    // Time axis: grid lines and labels.
    double step = tick_step(span, 8);
    for (double t = 0; t <= span + step * 1e-6; t += step) {
        double x = x_of(t);
        svg += fmt::format("<line x1=\"{0:.1f}\" y1=\"{1}\" x2=\"{0:.1f}\" y2=\"{2:.1f}\" "
                           "stroke=\"#d0d7de\" stroke-width=\"1\"/>\n",
                           x, top, axis_y + 5);
        svg += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\" "
                           "fill=\"#57606a\">{}</text>\n",
                           x, axis_y + 20, tick_label(t, step));
    }
    svg += fmt::format("<line x1=\"{0}\" y1=\"{1:.1f}\" x2=\"{2}\" y2=\"{1:.1f}\" "
                       "stroke=\"#8c959f\"/>\n",
                       left, axis_y, left + plot);

    // One bar per job; a skipped job is a marker in the last row, named when there is room.
    double skipped_label_end = 0;
    for (const TimelineEntry& entry : entries) {
        bool skipped = entry.slot == 0;
        unsigned r = skipped ? rows - 1 : entry.slot - 1;
        double y = top + r * row + (row >= 12 ? 4 : 1);
        double h = row - (row >= 12 ? 8 : 2);
        double x = x_of(entry.start);
        double w = skipped ? 8 : std::max(2.0, x_of(entry.end) - x);
        if (skipped) x -= 4;
        std::string label = entry.name == std::to_string(entry.seq)
                                ? fmt::format("job {}", entry.seq)
                                : fmt::format("{} (job {})", entry.name, entry.seq);
        svg += "<g>";
        svg += fmt::format("<title>{}\n{}\n{}, {}</title>", xml(label),
                           xml(shorten(entry.command, 300)), xml(entry.describe),
                           skipped ? "never ran" : seconds_text(entry.end - entry.start));
        svg += fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" "
                           "rx=\"{}\" fill=\"{}\"{}/>",
                           x, y, w, h, skipped ? 4 : 3, colour_of(entry.status),
                           skipped ? "" : " stroke=\"#ffffff\" stroke-width=\"1\"");
        // The name inside the bar when it fits (about 7 px per character at this size).
        std::string shown = shorten(entry.name, static_cast<std::size_t>((w - 10) / 7));
        if (!skipped && row >= 12 && w >= 24 && !shown.empty())
            svg += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" fill=\"#ffffff\" "
                               "dominant-baseline=\"middle\" pointer-events=\"none\">{}</text>",
                               x + 5, y + h / 2, xml(shown));
        std::string skipped_name = shorten(entry.name, 24);
        double label_x = x + w + 4;
        if (skipped && row >= 12 && label_x >= skipped_label_end &&
            label_x + 7 * static_cast<double>(skipped_name.size()) <= width) {
            svg += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" fill=\"#57606a\" "
                               "dominant-baseline=\"middle\">{}</text>",
                               label_x, y + h / 2, xml(skipped_name));
            skipped_label_end = label_x + 7 * static_cast<double>(skipped_name.size()) + 8;
        }
        svg += "</g>\n";
    }

    // Legend, with how many jobs ended each way.
    double legend_x = left;
    double legend_y = axis_y + 48;
    for (const StatusStyle& style : k_styles) {
        auto count = std::count_if(entries.begin(), entries.end(), [&](const TimelineEntry& e) {
            return e.status == style.status;
        });
        std::string text = fmt::format("{} ({})", style.status, count);
        svg += fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"14\" height=\"14\" rx=\"3\" "
                           "fill=\"{}\"/><text x=\"{:.1f}\" y=\"{:.1f}\" fill=\"#1f2328\" "
                           "dominant-baseline=\"middle\">{}</text>\n",
                           legend_x, legend_y - 7, style.colour, legend_x + 20, legend_y, text);
        legend_x += 40 + 7.5 * static_cast<double>(text.size());
    }
    svg += "</svg>\n";

    if (!html) return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + svg;
    return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>prun timeline</title>"
           "<style>body{margin:16px;background:#eef1f4}svg{background:#fff;"
           "box-shadow:0 1px 4px rgba(0,0,0,.15)}</style></head>\n<body>\n" +
           svg + "</body></html>\n";
}

} // namespace prun
