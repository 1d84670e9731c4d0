#pragma once
// `vsm sweep --backend slurm`: a Slurm job array whose tasks each run a chunk of the sweep's
// points (`vsm sweep task DIR I`), and an index job after it (`--dependency=afterok`) that
// writes DIR/index.csv (`vsm sweep index DIR`). Tasks exit 0 even when a point fails: failures
// are recorded in the point's files, so the index job always runs.

#include <string>
#include <vector>

#include "app/sweep_plan.hpp"

namespace vsm::app {

struct SlurmSubmission {
  std::string array_job, index_job;
  std::size_t tasks = 0, points = 0;
};

// Chunks the points not yet complete into array tasks (DIR/slurm/tasks.txt), writes the batch
// script from `template_path` (DIR/slurm/array.sbatch) and submits it with sbatch, then the
// index job. Nothing is submitted when every point is complete.
SlurmSubmission submit_to_slurm(const SweepPlan& plan, const std::string& dir, const std::string& template_path,
                                const std::vector<std::string>& extra_options);

// Returns once none of the jobs is pending or running (polls squeue).
void wait_for_jobs(const std::vector<std::string>& job_ids);

// The point ids of array task `task` (line `task` of DIR/slurm/tasks.txt).
std::vector<std::string> task_points(const std::string& dir, std::size_t task);

// Where the default batch script template is (configs/cluster/ of the source tree).
std::string default_slurm_template();

}  // namespace vsm::app
