def load_seed_story(*, editor, section):
    pass
