"""scripts/readme_samples.py: finding the README's samples, noticing drift, rewriting them."""
import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "scripts"))
import readme_samples  # noqa: E402

README = """# Title

<!-- sample run-summary: made by a script -->
```
paper (seed 1): complete, 600 simulated s in 0.08 s wall
  mean server utility per round: 36646.8567
```
<!-- /sample -->

Prose between.

<!-- sample malicious-study -->
| a | b |
<!-- /sample -->
"""
FRESH = {
    "run-summary": "```\npaper (seed 1): complete, 600 simulated s in 0.51 s wall\n"
                   "  mean server utility per round: 36646.8567\n```\n",
    "malicious-study": "| a | b |\n",
    "density-table": "| c |\n",
}


class ReadmeSamples(unittest.TestCase):
    def test_samples_are_found_by_name(self):
        found = readme_samples.samples(README)
        self.assertEqual(set(found), {"run-summary", "malicious-study"})
        self.assertEqual(found["malicious-study"], "| a | b |\n")

    def test_a_missing_sample_is_drift(self):
        self.assertIn("sample density-table is missing", readme_samples.drift(README, FRESH))

    def test_wall_time_alone_is_not_drift_but_a_number_is(self):
        complete = README + "\n<!-- sample density-table -->\n| c |\n<!-- /sample -->\n"
        self.assertEqual(readme_samples.drift(complete, FRESH), "")
        stale = complete.replace("36646.8567", "36646.7670")
        diff = readme_samples.drift(stale, FRESH)
        self.assertIn("-  mean server utility per round: 36646.7670", diff)
        self.assertIn("+  mean server utility per round: 36646.8567", diff)

    def test_rewriting_replaces_only_the_samples(self):
        fresh = dict(FRESH, **{"malicious-study": "| x | y |\n"})
        text = readme_samples.replaced(README, fresh)
        self.assertEqual(readme_samples.samples(text)["malicious-study"], "| x | y |\n")
        self.assertIn("Prose between.", text)
        self.assertIn("<!-- sample malicious-study -->\n| x | y |\n<!-- /sample -->", text)
        self.assertEqual(readme_samples.replaced(text, fresh), text)


if __name__ == "__main__":
    unittest.main()
