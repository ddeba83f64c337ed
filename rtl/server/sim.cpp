#include "sim.h"

#include <cstring>
#include <stdexcept>

#include "Vhbm_pc.h"
#include "cosim.pb.h"
#ifndef RTL_ONE_MODEL
#include "Vhbm_pc_plain.h"
#endif
#include "verilated.h"
#include "verilated_vcd_c.h"
#if VM_COVERAGE
#include "verilated_cov.h"
#endif
#include <cstdio>

namespace {
// Verilator exposes wide ports as arrays of 32-bit words (little-endian word order).
template <typename W>
void set_wide(W& port, const uint8_t* bytes, size_t n) {
  for (size_t i = 0; i < n / 4; i++) {
    uint32_t v;
    std::memcpy(&v, bytes + 4 * i, 4);
    port[i] = v;
  }
}
template <typename W>
void get_wide(const W& port, uint8_t* bytes, size_t n) {
  for (size_t i = 0; i < n / 4; i++) {
    uint32_t v = port[i];
    std::memcpy(bytes + 4 * i, &v, 4);
  }
}
}  // namespace

Simulator::Simulator() : ctx_(new VerilatedContext) {
  ctx_->randReset(0);  // deterministic initial values
  ctx_->traceEverOn(true);
  models_.resize(kMaxPcs);
  plain_.resize(kMaxPcs);
}

void Simulator::finish_vcd() {
  if (vcd_ && !vcd_->isOpen()) {
    // no command reached the dumped pseudo-channel: still leave a well-formed waveform, with no signals
    if (std::FILE* f = std::fopen(vcd_path_.c_str(), "w")) {
      std::fputs("$comment no command reached pseudo-channel ", f);
      std::fputs((std::to_string(vcd_pc_) + " $end\n$timescale 1ps $end\n$enddefinitions $end\n").c_str(), f);
      std::fclose(f);
    }
  } else if (vcd_) {
    if (vcd_time_ == 0) vcd_->dump(0);  // the window caught nothing: one sample completes the header
    vcd_->close();
  }
  vcd_.reset();
}

Simulator::~Simulator() {
  finish_vcd();
  for (auto& m : models_)
    if (m) m->final();
  for (auto& m : plain_)
    if (m) m->final();
}

template <typename M>
void Simulator::tick(M* m, uint32_t pc) {
  m->clk = 0;
  m->eval();
  bool dump = vcd_ && pc == vcd_pc_ && cur_cycle_ >= vcd_from_ && cur_cycle_ <= vcd_to_;
  if (dump) vcd_->dump(vcd_time_++);
  m->clk = 1;
  m->eval();
  if (dump) vcd_->dump(vcd_time_++);
}

template <typename M>
void Simulator::init(M* m, uint32_t pc) {
  m->rst = 1;
  m->cmd_valid = 0;
  m->cfg_we = 0;
  m->bd_we = 0;
  tick(m, pc);
  m->rst = 0;
  // load the configuration
  for (uint32_t i = 0; i < kMaxRules; i++) {
    uint32_t w[3] = {0, 0, 0};
    if (i < rules_.size()) {
      const auto& r = rules_[i];
      w[0] = r.fol;
      w[1] = r.pre;
      // bit 64 valid, 67:65 scope, 68 sibling, 71:69 window, 87:72 latency
      w[2] = 1u | (r.scope & 7u) << 1 | (r.sibling ? 1u : 0u) << 4 | (r.window & 7u) << 5 | (r.latency & 0xFFFFu) << 8;
    }
    m->cfg_we = 1;
    m->cfg_addr = i;
    m->cfg_data[0] = w[0];
    m->cfg_data[1] = w[1];
    m->cfg_data[2] = w[2];
    tick(m, pc);
  }
  uint64_t org = (uint64_t)(org_.banks & 127) | (uint64_t)(org_.bg_shift & 7) << 7 |
                 (uint64_t)(org_.sid_shift & 7) << 10 |
                 (uint64_t)(org_.act_halves & 7) << 13 | (uint64_t)(org_.row_halves & 7) << 16 |
                 (uint64_t)(org_.pim ? 1 : 0) << 19 | (uint64_t)(org_.rows & 0xFFFF) << 20;
  m->cfg_addr = 128;
  m->cfg_data[0] = (uint32_t)org;
  m->cfg_data[1] = (uint32_t)(org >> 32);
  m->cfg_data[2] = 0;
  tick(m, pc);
  m->cfg_we = 0;
}

template <typename M>
M* Simulator::model(std::vector<std::unique_ptr<M>>& models, uint32_t pc) {
  if (pc >= kMaxPcs) throw std::runtime_error("pseudo-channel " + std::to_string(pc) + " out of range");
  auto& m = models[pc];
  if (!m) {
    m.reset(new M(ctx_.get()));
    if (vcd_ && pc == vcd_pc_) {
      m->trace(vcd_.get(), 99);
      vcd_->open(vcd_path_.c_str());
    }
    init(m.get(), pc);
  }
  return m.get();
}

void Simulator::configure(const std::vector<RuleRecord>& rules, const OrgConfig& org, bool keep) {
  constexpr uint32_t table_rows = hwmodel::cosim::RULE_COLUMN_BUS;  // ids from there on are protocol rules
  if (rules.size() > table_rows)
    throw std::runtime_error("the timing table has " + std::to_string(rules.size()) + " rows; the RTL monitor holds " +
                             std::to_string(table_rows));
  // the monitor keeps, per command, the list of rules that command follows or precedes (at most kMaxPerCommand each)
  for (uint32_t cmd = 0; cmd < 32; cmd++) {
    uint32_t fol = 0, pre = 0;
    for (const auto& r : rules) { fol += (r.fol >> cmd) & 1; pre += (r.pre >> cmd) & 1; }
    if (fol > kMaxPerCommand || pre > kMaxPerCommand)
      throw std::runtime_error("command " + std::to_string(cmd) + " takes part in " +
                               std::to_string(fol > pre ? fol : pre) + " timing rules; the RTL monitor holds " +
                               std::to_string(kMaxPerCommand) + " per command");
  }
  uint32_t max_banks = org.pim ? kPimMaxBanks : kMaxBanks;
  if (org.banks > max_banks)
    throw std::runtime_error("the configuration has " + std::to_string(org.banks) +
                             " banks per pseudo-channel; the RTL " + (org.pim ? "HBM-PIM slice" : "slice") +
                             " holds " + std::to_string(max_banks));
  rules_ = rules;
  org_ = org;
  if (keep) {
    // the same instances, reset: the rule records and organisation above are loaded into them again
    for (uint32_t pc = 0; pc < kMaxPcs; pc++) {
      if (models_[pc]) init(models_[pc].get(), pc);
      if (plain_[pc]) init(plain_[pc].get(), pc);
    }
  } else {
    for (auto& m : models_) m.reset();  // fresh state; instances are created (and configured) on first use
    for (auto& m : plain_) m.reset();
  }
  commands_ = 0;
}

void Simulator::instantiate_all() {
  for (uint32_t pc = 0; pc < org_.pcs && pc < kMaxPcs; pc++) {
    if (org_.pim) model(models_, pc);
    else model(plain_, pc);
  }
}

void Simulator::throw_pc(uint32_t pc) const {
  throw std::runtime_error("pseudo-channel " + std::to_string(pc) + " is beyond the configuration's " +
                           std::to_string(org_.pcs));
}

void Simulator::preload(uint32_t pc, uint32_t bank, uint32_t row, uint32_t col, const uint8_t* data) {
  if (pc >= org_.pcs) throw_pc(pc);
  if (org_.pim) backdoor(model(models_, pc), pc, bank, row, col, data);
  else backdoor(model(plain_, pc), pc, bank, row, col, data);
}

template <typename M>
void Simulator::backdoor(M* m, uint32_t pc, uint32_t bank, uint32_t row, uint32_t col, const uint8_t* data) {
  m->bd_we = 1;
  m->bd_bank = bank;
  m->bd_row = row;
  m->bd_col = col;
  set_wide(m->bd_data, data, 32);
  tick(m, pc);
  m->bd_we = 0;
}

CommandOut Simulator::execute(const CommandIn& c, bool schedule) {
  uint32_t pc = c.word >> 25 & 0x7F;
  // a pseudo-channel the configuration does not have would cost a model (up to 17 MB each) for nothing
  if (pc >= org_.pcs) throw_pc(pc);
  return org_.pim ? run(model(models_, pc), pc, c, schedule) : run(model(plain_, pc), pc, c, schedule);
}

template <typename M>
CommandOut Simulator::run(M* m, uint32_t pc, const CommandIn& c, bool schedule) {
  uint32_t cmd = c.word & 0xFF;
  m->cmd_valid = 1;
  m->cmd = cmd;
  m->bank = c.word >> 8 & 0xFF;
  m->col = c.word >> 16 & 0xFF;
  m->half = c.word >> 24 & 1;
  m->row = c.row;
  m->cycle = c.cycle;
  cur_cycle_ = c.cycle;
  m->schedule = schedule ? 1 : 0;
  static const uint8_t zero[32] = {0};
  set_wide(m->wdata, c.wdata ? c.wdata : zero, 32);
  // falling edge with the new inputs: the slice evaluates the rules against its state; rising edge: it issues the
  // command, and every result (violations, issue cycle, read data) is registered
  m->clk = 0;
  m->eval();
  bool dump = vcd_ && pc == vcd_pc_ && cur_cycle_ >= vcd_from_ && cur_cycle_ <= vcd_to_;
  if (dump) vcd_->dump(vcd_time_++);
  m->clk = 1;
  m->eval();
  if (dump) vcd_->dump(vcd_time_++);
  CommandOut out;
  for (int i = 0; i < 4; i++) out.viol_words[i] = m->viol[i];
  m->cmd_valid = 0;
  out.issue_cycle = m->issue_cycle;
  out.second_half = m->issue_half;
  out.pim_error = m->pim_error;
  out.has_read = m->rvalid;
  if (out.has_read) get_wide(m->rdata, out.rdata, 32);
  commands_++;
  return out;
}

void Simulator::enable_vcd(const std::string& path, uint32_t pc, uint64_t from, uint64_t to) {
  vcd_.reset(new VerilatedVcdC);
  vcd_path_ = path;
  vcd_pc_ = pc;
  vcd_from_ = from;
  vcd_to_ = to;
}

bool Simulator::has_coverage() {
#if VM_COVERAGE
  return true;
#else
  return false;
#endif
}

void Simulator::write_coverage(const std::string& path) {
#if VM_COVERAGE
  ctx_->coveragep()->write(path.c_str());
#else
  (void)path;
#endif
}
