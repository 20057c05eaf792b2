// A small command-line framework shaped like urfave/cli, which lotus uses: global flags, nested
// commands, flags before positional arguments, env fallbacks, help and usage errors.
#pragma once

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.hpp"

namespace tessera::cli {

enum class FlagType { kBool, kString, kInt, kStringSlice };

struct Flag {
  std::string name;                  // long name, without dashes
  std::vector<std::string> aliases;  // other names; one letter means a short flag (-a)
  FlagType type = FlagType::kString;
  std::string usage;
  std::string default_value;     // text form shown in help and used when unset
  std::vector<std::string> env;  // environment variables consulted when the flag is not given
  bool hidden = false;
};

class Context;
using Action = std::function<int(Context&)>;

struct Command {
  std::string name;
  std::vector<std::string> aliases;
  std::string usage;
  std::string args_usage;
  std::string description;  // longer text shown under DESCRIPTION in the command's help
  std::string category;
  std::vector<Flag> flags;
  std::vector<Command> subcommands;
  Action action;  // when empty, the command only groups subcommands and prints their help
  bool hidden = false;
};

// A wrong flag, argument count or value; printed with the command's usage, exit code 1.
class UsageError : public InvalidInput {
 public:
  using InvalidInput::InvalidInput;
};

// The parsed state of one command level; lookups of flags not defined at this level go to the
// parent, so global flags are visible from every command.
class Context {
 public:
  Context(const Command& command, const Context* parent, std::ostream& out, std::ostream& err);

  bool is_set(std::string_view name) const;
  std::string string(std::string_view name) const;
  bool boolean(std::string_view name) const;
  std::int64_t integer(std::string_view name) const;
  std::vector<std::string> strings(std::string_view name) const;
  const std::vector<std::string>& args() const { return args_; }
  // Throws UsageError unless exactly n positional arguments were given.
  void require_args(std::size_t n) const;

  std::ostream& out() const { return out_; }
  std::ostream& err() const { return err_; }
  const Command& command() const { return command_; }
  const Context* parent() const { return parent_; }
  // "lotus-miner auth create-token": the program and command names down to this level.
  std::string full_name() const;

 private:
  friend class Parser;
  const Flag* find_flag(std::string_view name) const;
  const Context* owner_of(std::string_view name) const;

  const Command& command_;
  const Context* parent_;
  std::ostream& out_;
  std::ostream& err_;
  std::map<std::string, std::vector<std::string>, std::less<>> values_;
  std::vector<std::string> args_;
};

// Parses args against the root command tree and runs the selected action. Errors are printed
// in lotus's style ("ERROR: ..."); returns the process exit code.
int run_command_line(const Command& root, const std::vector<std::string>& args, std::ostream& out,
                     std::ostream& err);

}  // namespace tessera::cli
