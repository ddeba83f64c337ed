// The Verilated pseudo-channel models of one stack, with the command encoding of bridge/proto/cosim.proto.
#pragma once
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "hbm_commands.h"

#ifndef RTL_PLAIN_MAX_BANKS  // set by CMakeLists.txt, the one home of the slices' sizes
#error "build with rtl/server/CMakeLists.txt"
#endif

class Vhbm_pc;
#ifdef RTL_ONE_MODEL  // a team's design (--rtl): one model serves configurations with and without PIM
using Vhbm_pc_plain = Vhbm_pc;
#else
class Vhbm_pc_plain;
#endif
class VerilatedContext;
class VerilatedVcdC;

struct RuleRecord {
  uint32_t scope, pre, fol, latency, window;
  bool sibling;
};

struct OrgConfig {
  uint32_t banks = 16, bg_shift = 2, sid_shift = 4, act_halves = 2, row_halves = 2, rows = 32768, pcs = 16;
  bool pim = false;
};

struct CommandIn {
  uint64_t cycle;
  uint32_t word;  // command | bank << 8 | column << 16 | half << 24 | pc << 25
  uint32_t row;
  const uint8_t* wdata;  // 32 bytes or null
};

struct CommandOut {
  uint64_t issue_cycle;
  bool second_half;
  bool has_read;
  uint8_t rdata[32];
  uint32_t viol_words[4];  // 128-bit rule mask
  uint32_t pim_error;
};

class Simulator {
 public:
  static constexpr uint32_t kMaxBanks = RTL_PLAIN_MAX_BANKS, kStoredRows = RTL_PLAIN_STORED_ROWS;
  static constexpr uint32_t kPimMaxBanks = RTL_PIM_MAX_BANKS, kPimStoredRows = RTL_PIM_STORED_ROWS;
  static constexpr uint32_t kMaxPerCommand = RTL_MAX_PER;
  static constexpr uint32_t kColumns = 32, kBurstBits = 256, kMaxRules = 128, kMaxPcs = 128;
  Simulator();
  ~Simulator();
  // keep: reset the instances already built (reset, then the configuration) instead of discarding them; their data
  // arrays keep what was written
  void configure(const std::vector<RuleRecord>& rules, const OrgConfig& org, bool keep = false);
  // builds (and configures) every pseudo-channel's instance now instead of on its first command
  void instantiate_all();
  void preload(uint32_t pc, uint32_t bank, uint32_t row, uint32_t col, const uint8_t* data);
  CommandOut execute(const CommandIn& c, bool schedule);
  static bool carries_write_data(uint32_t cmd) { return hbm_commands::has(hbm_commands::kWriteBurst, cmd); }
  static bool returns_read_data(uint32_t cmd) { return hbm_commands::has(hbm_commands::kHostRead, cmd); }
  void enable_vcd(const std::string& path, uint32_t pc, uint64_t from, uint64_t to);
  // Closes the waveform well-formed (a header with no samples, or no signals, when nothing was dumped).
  void finish_vcd();
  uint64_t commands() const { return commands_; }
  // whether the models were Verilated with --coverage; then write_coverage writes their counts (coverage.dat)
  static bool has_coverage();
  void write_coverage(const std::string& path);

 private:
  [[noreturn]] void throw_pc(uint32_t pc) const;
  template <typename M> M* model(std::vector<std::unique_ptr<M>>& models, uint32_t pc);
  template <typename M> void tick(M* m, uint32_t pc);
  template <typename M> void init(M* m, uint32_t pc);
  template <typename M> CommandOut run(M* m, uint32_t pc, const CommandIn& c, bool schedule);
  template <typename M> void backdoor(M* m, uint32_t pc, uint32_t bank, uint32_t row, uint32_t col, const uint8_t* data);
  std::unique_ptr<VerilatedContext> ctx_;
  std::vector<std::unique_ptr<Vhbm_pc>> models_;          // with HBM-PIM units
  std::vector<std::unique_ptr<Vhbm_pc_plain>> plain_;     // without (configurations without PIM)
  std::vector<RuleRecord> rules_;
  OrgConfig org_;
  uint64_t commands_ = 0;
  std::unique_ptr<VerilatedVcdC> vcd_;
  std::string vcd_path_;
  uint32_t vcd_pc_ = 0;
  uint64_t vcd_from_ = 0, vcd_to_ = 0, vcd_time_ = 0, cur_cycle_ = 0;
};
