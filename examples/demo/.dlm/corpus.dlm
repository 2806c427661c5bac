---
dlm_id: 01M8R3JQCDS6RCRZJPRSHE23RN
dlm_version: 15
base_model: smollm2-135m
training:
  seed: 7
  sources:
    - path: .
      include: ['**/*.py', '**/*.md', '**/*.txt', '**/*.log']
---

dlm-weights demo corpus: a tiny project whose `.dlm/training.yaml` files tag
and weight its sources. Run `npm run demo` to see what dlm train would do.

::instruction::
### Q
What does a weight of 0.5 do?
### A
Each tagged row is kept with 50 % probability, decided by a hash of the seed
and the row's section id.

### Q
What does a weight of 2 do?
### A
Each tagged row appears twice.
