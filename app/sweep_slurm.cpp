#include "app/sweep_slurm.hpp"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "app/shell.hpp"
#include "app/sweep_runner.hpp"
#include "core/input_error.hpp"
#include "core/text.hpp"

namespace fs = std::filesystem;

namespace vsm::app {
namespace {

std::string trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

void replace_all(std::string& text, const std::string& from, const std::string& to) {
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
}

}  // namespace

std::string default_slurm_template() { return std::string(VSM_CONFIG_DIR) + "/cluster/slurm-array.sbatch"; }

SlurmSubmission submit_to_slurm(const SweepPlan& plan, const std::string& dir, const std::string& template_path,
                                const std::vector<std::string>& extra_options) {
  std::ifstream in(template_path);
  if (!in) throw core::InputError(template_path + ": cannot read the Slurm batch script template");
  std::stringstream script_text;
  script_text << in.rdbuf();

  const std::string sweep_dir = fs::absolute(dir).string();  // jobs may start elsewhere
  const std::string slurm_dir = sweep_dir + "/slurm";
  fs::create_directories(slurm_dir);
  std::vector<std::string> todo;
  for (const auto& p : plan.points)
    if (point_status(dir, p.id) != PointStatus::Complete) todo.push_back(p.id);
  SlurmSubmission submission;
  submission.points = todo.size();
  if (todo.empty()) return submission;

  // Chunks: as asked, or enough points per task to keep the array at most 1000 tasks.
  std::size_t per_task = plan.slurm.points_per_task > 0 ? static_cast<std::size_t>(plan.slurm.points_per_task)
                                                        : (todo.size() + 999) / 1000;
  std::ofstream tasks(slurm_dir + "/tasks.txt");
  for (std::size_t i = 0; i < todo.size(); i += per_task, ++submission.tasks) {
    for (std::size_t j = i; j < std::min(todo.size(), i + per_task); ++j) tasks << (j > i ? " " : "") << todo[j];
    tasks << "\n";
  }
  tasks.close();

  std::string name = "vsm-" + fs::path(plan.file).stem().string();
  std::string options;
  if (!plan.slurm.partition.empty()) options += "#SBATCH --partition=" + plan.slurm.partition + "\n";
  for (const auto& extra : plan.slurm.extra) options += "#SBATCH " + extra + "\n";
  for (const auto& extra : extra_options) options += "#SBATCH " + extra + "\n";
  const std::string vsm = fs::read_symlink("/proc/self/exe").string();
  std::string script = script_text.str();
  replace_all(script, "{{name}}", name);
  replace_all(script, "{{array}}", "0-" + std::to_string(submission.tasks - 1));
  replace_all(script, "{{time}}", plan.slurm.time);
  replace_all(script, "{{mem}}", plan.slurm.mem);
  replace_all(script, "{{cpus}}", std::to_string(plan.slurm.cpus_per_task));
  replace_all(script, "{{log}}", slurm_dir + "/task-%A_%a.out");
  replace_all(script, "{{options}}", options);
  replace_all(script, "{{command}}", "exec " + shell_quoted(vsm) + " sweep task " +
                                         shell_quoted(sweep_dir) + " \"$SLURM_ARRAY_TASK_ID\"");
  std::ofstream(slurm_dir + "/array.sbatch") << script;

  submission.array_job = trimmed(run_shell("sbatch --parsable " + shell_quoted(slurm_dir + "/array.sbatch")));
  std::string index_options = plan.slurm.partition.empty() ? "" : " --partition=" + shell_quoted(plan.slurm.partition);
  submission.index_job = trimmed(run_shell(
      "sbatch --parsable --job-name=" + shell_quoted(name + "-index") + " --dependency=afterok:" +
      submission.array_job + index_options + " --output=" + shell_quoted(slurm_dir + "/index.out") + " --wrap " +
      shell_quoted(shell_quoted(vsm) + " sweep index " + shell_quoted(sweep_dir))));
  std::ofstream(slurm_dir + "/jobs.txt", std::ios::app)
      << "array " << submission.array_job << " index " << submission.index_job << "\n";
  return submission;
}

void wait_for_jobs(const std::vector<std::string>& job_ids) {
  const std::string ids = core::join(job_ids, ",");
  for (;;) {
    std::string queued = trimmed(run_shell("squeue -h -o %i -j " + ids + " || true"));
    if (queued.empty() || queued.find("Invalid job id") != std::string::npos) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
  }
}

std::vector<std::string> task_points(const std::string& dir, std::size_t task) {
  std::ifstream tasks(dir + "/slurm/tasks.txt");
  std::string line;
  for (std::size_t i = 0; std::getline(tasks, line); ++i)
    if (i == task) {
      std::istringstream ids(line);
      std::vector<std::string> out;
      for (std::string id; ids >> id;) out.push_back(id);
      return out;
    }
  throw core::InputError(dir + "/slurm/tasks.txt: no task " + std::to_string(task));
}

}  // namespace vsm::app
