# gtest unit tests, run through lit so that one `lit` run counts everything.
import os
import lit.formats

config.name = "compress-unit"
config.test_format = lit.formats.GoogleTest(".", "Tests")
config.test_source_root = os.path.join(config.compress_obj_root, "unittests")
config.test_exec_root = config.test_source_root
