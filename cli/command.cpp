#include "cli/command.hpp"

#include <algorithm>
#include <cstdlib>
#include <deque>
#include <ostream>
#include <sstream>

#include "common/log.hpp"

namespace tessera::cli {
namespace {

bool names_flag(const Flag& flag, std::string_view name) {
  return flag.name == name ||
         std::find(flag.aliases.begin(), flag.aliases.end(), name) != flag.aliases.end();
}

const Command* find_subcommand(const Command& parent, std::string_view name) {
  for (const auto& sub : parent.subcommands) {
    if (sub.name == name ||
        std::find(sub.aliases.begin(), sub.aliases.end(), name) != sub.aliases.end()) {
      return &sub;
    }
  }
  return nullptr;
}

std::string dashed(std::string_view name) {
  return (name.size() == 1 ? "-" : "--") + std::string(name);
}

std::string flag_label(const Flag& flag) {
  std::string label = dashed(flag.name);
  bool takes_value = flag.type != FlagType::kBool;
  if (takes_value) label += " value";
  for (const auto& alias : flag.aliases) {
    label += ", " + dashed(alias);
    if (takes_value) label += " value";
  }
  return label;
}

std::string flag_description(const Flag& flag) {
  std::string text = flag.usage;
  if (!flag.default_value.empty()) text += " (default: " + flag.default_value + ")";
  if (!flag.env.empty()) {
    text += " [";
    for (std::size_t i = 0; i < flag.env.size(); ++i) text += (i ? ", $" : "$") + flag.env[i];
    text += "]";
  }
  return text;
}

void print_options(std::ostream& os, const std::vector<Flag>& flags) {
  std::vector<std::pair<std::string, std::string>> rows;
  for (const auto& flag : flags) {
    if (!flag.hidden) rows.emplace_back(flag_label(flag), flag_description(flag));
  }
  rows.emplace_back("--help, -h", "show help (default: false)");
  std::size_t width = 0;
  for (const auto& row : rows) width = std::max(width, row.first.size());
  for (const auto& [label, text] : rows) {
    os << "   " << label << std::string(width - label.size() + 2, ' ') << text << "\n";
  }
}

void print_commands(std::ostream& os, const Command& command) {
  std::size_t width = 0;
  for (const auto& sub : command.subcommands) {
    if (!sub.hidden) width = std::max(width, sub.name.size());
  }
  auto print_row = [&](const Command& sub, std::string_view indent) {
    os << indent << sub.name << std::string(width - sub.name.size() + 2, ' ') << sub.usage << "\n";
  };
  std::vector<std::string> categories;
  for (const auto& sub : command.subcommands) {
    if (sub.hidden) continue;
    if (sub.category.empty()) {
      print_row(sub, "   ");
    } else if (std::find(categories.begin(), categories.end(), sub.category) == categories.end()) {
      categories.push_back(sub.category);
    }
  }
  print_row(Command{.name = "help", .usage = "Shows a list of commands or help for one command"},
            "   ");
  for (const auto& category : categories) {
    os << "   " << category << ":\n";
    for (const auto& sub : command.subcommands) {
      if (!sub.hidden && sub.category == category) print_row(sub, "     ");
    }
  }
}

void print_help(std::ostream& os, const Context& ctx) {
  const auto& command = ctx.command();
  bool is_root = ctx.parent() == nullptr;
  os << "NAME:\n   " << ctx.full_name() << " - " << command.usage << "\n\nUSAGE:\n   "
     << ctx.full_name();
  if (is_root) {
    os << " [global options] command [command options] [arguments...]\n";
  } else if (!command.subcommands.empty()) {
    os << " command [command options] [arguments...]\n";
  } else {
    os << " [command options] "
       << (command.args_usage.empty() ? "[arguments...]" : command.args_usage) << "\n";
  }
  if (!command.description.empty()) {
    os << "\nDESCRIPTION:\n";
    std::stringstream lines(command.description);
    for (std::string line; std::getline(lines, line);)
      os << (line.empty() ? "" : "   ") << line << "\n";
  }
  if (!command.subcommands.empty()) {
    os << "\nCOMMANDS:\n";
    print_commands(os, command);
  }
  os << (is_root ? "\nGLOBAL OPTIONS:\n" : "\nOPTIONS:\n");
  print_options(os, command.flags);
}

}  // namespace

Context::Context(const Command& command, const Context* parent, std::ostream& out,
                 std::ostream& err)
    : command_(command), parent_(parent), out_(out), err_(err) {}

const Flag* Context::find_flag(std::string_view name) const {
  for (const auto& flag : command_.flags) {
    if (names_flag(flag, name)) return &flag;
  }
  return nullptr;
}

const Context* Context::owner_of(std::string_view name) const {
  for (const Context* ctx = this; ctx; ctx = ctx->parent_) {
    if (ctx->find_flag(name)) return ctx;
  }
  throw Error("internal: flag '" + std::string(name) + "' is not defined for " + full_name());
}

bool Context::is_set(std::string_view name) const {
  const Context* owner = owner_of(name);
  const Flag* flag = owner->find_flag(name);
  if (owner->values_.count(flag->name)) return true;
  for (const auto& var : flag->env) {
    if (const char* v = std::getenv(var.c_str()); v && *v) return true;
  }
  return false;
}

std::vector<std::string> Context::strings(std::string_view name) const {
  const Context* owner = owner_of(name);
  const Flag* flag = owner->find_flag(name);
  std::vector<std::string> raw;
  if (auto it = owner->values_.find(flag->name); it != owner->values_.end()) {
    raw = it->second;
  } else {
    for (const auto& var : flag->env) {
      if (const char* v = std::getenv(var.c_str()); v && *v) {
        raw.push_back(v);
        break;
      }
    }
    if (raw.empty() && !flag->default_value.empty()) raw.push_back(flag->default_value);
  }
  if (flag->type != FlagType::kStringSlice) return raw;
  std::vector<std::string> split;
  for (const auto& item : raw) {
    std::stringstream ss(item);
    for (std::string part; std::getline(ss, part, ',');) {
      if (!part.empty()) split.push_back(part);
    }
  }
  return split;
}

std::string Context::string(std::string_view name) const {
  auto values = strings(name);
  return values.empty() ? std::string() : values.back();
}

bool Context::boolean(std::string_view name) const {
  auto value = string(name);
  if (value.empty() || value == "false" || value == "0") return false;
  if (value == "true" || value == "1") return true;
  throw UsageError("invalid boolean value \"" + value + "\" for flag " + dashed(name));
}

std::int64_t Context::integer(std::string_view name) const {
  auto value = string(name);
  if (value.empty()) return 0;
  try {
    std::size_t used = 0;
    auto parsed = std::stoll(value, &used, 0);
    if (used != value.size()) throw std::invalid_argument(value);
    return parsed;
  } catch (const std::exception&) {
    throw UsageError("invalid value \"" + value + "\" for flag " + dashed(name));
  }
}

void Context::require_args(std::size_t n) const {
  if (args_.size() != n) {
    throw UsageError("expected " + std::to_string(n) + " argument(s), got " +
                     std::to_string(args_.size()));
  }
}

std::string Context::full_name() const {
  return parent_ ? parent_->full_name() + " " + command_.name : command_.name;
}

// Walks the argument list one command level at a time (Go flag semantics: flags first, parsing
// stops at the first positional argument or at "--").
class Parser {
 public:
  Parser(std::ostream& out, std::ostream& err) : out_(out), err_(err) {}

  int run(const Command& root, const std::vector<std::string>& args) {
    contexts_.emplace_back(root, nullptr, out_, err_);
    Context* ctx = &contexts_.back();
    std::size_t i = 0;
    try {
      while (true) {
        bool positional_only = false;
        for (; i < args.size(); ++i) {
          const auto& arg = args[i];
          if (arg == "--") {
            positional_only = true;
            ++i;
            break;
          }
          if (arg.size() < 2 || arg[0] != '-') break;
          std::string name = arg.substr(arg[1] == '-' ? 2 : 1);
          std::optional<std::string> inline_value;
          if (auto eq = name.find('='); eq != std::string::npos) {
            inline_value = name.substr(eq + 1);
            name.resize(eq);
          }
          if (name == "help" || name == "h") {
            print_help(out_, *ctx);
            return 0;
          }
          const Flag* flag = ctx->find_flag(name);
          if (!flag) throw UsageError("flag provided but not defined: -" + name);
          std::string value;
          if (flag->type == FlagType::kBool) {
            value = inline_value.value_or("true");
            if (value != "true" && value != "false" && value != "1" && value != "0") {
              throw UsageError("invalid boolean value \"" + value + "\" for -" + name);
            }
          } else if (inline_value) {
            value = *inline_value;
          } else if (i + 1 < args.size()) {
            value = args[++i];
          } else {
            throw UsageError("flag needs an argument: -" + name);
          }
          ctx->values_[flag->name].push_back(value);
        }
        const Command& command = ctx->command();
        if (!positional_only && !command.subcommands.empty() && i < args.size()) {
          if (args[i] == "help") return show_help_topic(*ctx, args, i + 1);
          const Command* sub = find_subcommand(command, args[i]);
          if (!sub) {
            err_ << "No help topic for '" << args[i] << "'\n";
            return 3;
          }
          contexts_.emplace_back(*sub, ctx, out_, err_);
          ctx = &contexts_.back();
          ++i;
          continue;
        }
        ctx->args_.assign(args.begin() + static_cast<std::ptrdiff_t>(i), args.end());
        if (!command.action) {
          print_help(out_, *ctx);
          return 0;
        }
        return command.action(*ctx);
      }
    } catch (const UsageError& e) {
      err_ << "Incorrect Usage: " << e.what() << "\n\n";
      print_help(err_, *ctx);
      err_ << "\nERROR: " << e.what() << "\n";
      return 1;
    } catch (const std::exception& e) {
      err_ << "ERROR: " << e.what() << "\n";
      return 1;
    }
  }

 private:
  int show_help_topic(Context& ctx, const std::vector<std::string>& args, std::size_t i) {
    if (i >= args.size()) {
      print_help(out_, ctx);
      return 0;
    }
    const Command* sub = find_subcommand(ctx.command(), args[i]);
    if (!sub) {
      err_ << "No help topic for '" << args[i] << "'\n";
      return 3;
    }
    contexts_.emplace_back(*sub, &ctx, out_, err_);
    print_help(out_, contexts_.back());
    return 0;
  }

  std::ostream& out_;
  std::ostream& err_;
  std::deque<Context> contexts_;  // stable addresses: children point at their parents
};

int run_command_line(const Command& root, const std::vector<std::string>& args, std::ostream& out,
                     std::ostream& err) {
  Parser parser(out, err);
  return parser.run(root, args);
}

}  // namespace tessera::cli
