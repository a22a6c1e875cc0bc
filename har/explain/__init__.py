"""Inside the models: one clip, both models, frame by frame. Edits that break a clip, the class probabilities
of each model, which frames mattered (occlusion, Integrated Gradients), the GRU's memory and a 2-D map of
what each model learned; values and Messages only, the words are in har/locale/*/explain.po."""
