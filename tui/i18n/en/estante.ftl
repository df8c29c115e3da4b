# English messages of the estante terminal app and command-line client.
# Every id here must also be in ../pt-BR/estante.ftl (the catalogue test checks it).

## Tabs, the status bar, popups and the help overlay.
# The tab names fit together in 80 columns (77 with the numbers and spaces).

tab-library = Library
tab-book = Book
tab-add = Add
tab-labels = Shelves & tags
tab-stats = Stats
tab-transfer = Import/Export
tab-ops = Ops

help-screen-keys = { $screen } keys
help-no-keys = (no keys of its own)
help-everywhere = Everywhere
help-text-fields = Text fields: type, ←/→ Home/End, Ctrl-w deletes a word, Enter confirms, Esc cancels.
help-title = { " " }Help · j/k scroll · any other key closes{ " " }

status-full-text = { "  " }! full text
hint-new-line = new line
hint-confirm = confirm
popup-any-key-closes = Press any key to close.
confirm-title = Confirm
confirm-keys = y: yes    any other key: no
conflict-title = Changed by someone else
conflict-keys =
    r: reload and drop my change
    o: overwrite with my change
    Esc: keep editing
conflict-keys-entry =
    r: reload and drop my change
    o: overwrite with my change
    Esc: cancel my change
conflict-keys-delete =
    r: reload and keep it
    o: delete it anyway, with what changed
    Esc: keep it
input-keys = Enter: save   Esc: cancel
palette-title = Command
palette-no-such-shelf = There is no shelf named “{ $name }”; Tab completes the names there are
palette-no-such-tag = There is no tag named “{ $name }”; Tab completes the names there are
picker-keys-toggle = Space/Enter: toggle  n: new  Esc: done
picker-keys-reading = Enter: edit dates  D: delete  Esc: cancel
picker-keys-choose = Enter: choose  Esc: cancel

## Reading statuses as shown. The API names (want_to_read, ...) never change.

status-want-to-read = want to read
status-reading = reading
status-read = read
status-did-not-finish = did not finish
status-paused = paused
status-short-want-to-read = to read
status-short-reading = reading
status-short-read = read
status-short-did-not-finish = DNF
status-short-paused = paused
status-labels = want to read, reading, read, did not finish or paused
status-api-names = want_to_read, reading, read, did_not_finish or paused
status-unknown = { $input } is not a reading status; use { $names } (any case; aliases such as want, to-read, finished, dnf and did-not-finish work too)

## The command palette

palette-unknown-command = unknown command { $name }; Tab completes the command names
palette-needs-argument = { $name } needs { $argument }
palette-bad-status = { $error }; all shows every status
palette-bad-column = { $column } is not a column; use { $columns }
palette-bad-order = { $order } is not an order; use { $asc } or { $desc }
palette-bad-year = { $year } is not a year

## Key help (the ? overlay) and status bar hints

key-move-down = move down
key-page-down = page down
key-page-up = page up
key-go-to-the-top = go to the top
key-go-to-the-bottom = go to the bottom
key-quit = quit
hint-quit = quit
key-command-palette = command palette
hint-commands = commands
key-show-the-last-message-or-error = show the last message or error in full
key-previous-tab = previous tab
key-library-tab = Library tab
key-book-tab = Book tab
key-add-tab = Add tab
key-shelves-and-tags-tab = Shelves and tags tab
key-stats-tab = Stats tab
key-import-export-tab = Import/Export tab
key-ops-tab = Ops tab
key-open-the-book = open the book
hint-open = open
key-filter-as-you-type-fuzzy = filter as you type (fuzzy)
hint-filter = filter
key-filter-the-instances = filter the instances by id, name, state, type, zone, address or tag value
key-full-text-search-on-the-server = full-text search on the server
hint-search = search
key-sort-by-the-next-column = sort by the next column
hint-sort = sort
key-reverse-the-sort-order = reverse the sort order
key-cycle-the-status-filter = cycle the status filter
hint-status = status
key-clear-filter-search-status-shelf-tag = clear filter, search, status, shelf, tag
key-rating-up-star = rating +¼ star
hint-rate-plus = rate+
key-rating-down-star = rating −¼ star
hint-rate-minus = rate−
key-type-a-rating-0-25-to = type a rating (0.25 to 5 stars; 0 clears it)
hint-rate = rate
key-set-the-status = set the status
key-write-the-review = write the review
hint-review = review
hint-year-review = review
key-start-a-new-reading-today = start a new reading today
key-finish-the-reading-today = finish the reading today
key-stop-the-reading-today = stop the reading today
key-edit-a-reading-s-dates-or = edit a reading's dates or delete it
key-shelves-of-this-book = shelves of this book
key-scroll-down = scroll down
key-scroll-up = scroll up
key-next-field = next field
key-previous-field = previous field
key-edit-the-field = edit the field
hint-edit = edit
key-save = save
hint-save = save
key-cancel-the-edit = cancel the edit
hint-cancel = cancel
hint-close = close
key-look-up-the-isbn = look up the ISBN
hint-isbn-lookup = ISBN lookup
key-clear-the-form = clear the form
key-column-to-the-left = column to the left
key-column-to-the-right = column to the right
key-show-the-books-open-the-book = show the books / open the book
key-move-the-book-to-another-shelf = move the book to another shelf or tag
hint-move = move
key-show-these-books-in-the-library = show these books in the Library
key-previous-year = previous year
hint-year-minus = year−
key-next-year = next year
hint-year-plus = year+
key-set-the-yearly-goal = set the yearly goal
hint-goal = goal
key-year-in-review = year in review
key-export-the-year-in-review-as = export the year in review as Markdown
key-choose-a-file-to-import = choose a file to import
hint-import = import
key-choose-where-to-export = choose where to export
hint-export = export
key-switch-the-export-format = switch the export format
key-switch-the-import-format = switch the import format: detected, or one named
hint-format = format
key-which-report-rows-to-show = which report rows to show
hint-rows = rows
key-previous-view = previous view
key-next-view = next view
key-instances = instances
key-alarms = alarms
key-snapshots-and-volumes = snapshots and volumes
key-backups = backups
key-ssm-commands = SSM commands
key-metrics-of-the-instance-an-alarm = metrics of the instance; an alarm's instance; a command's output
hint-metrics = metrics
key-restore-the-selected-snapshot-or-recovery = restore the selected snapshot or recovery point
hint-restore = restore
key-reload-the-view = reload the view
hint-reload = reload
key-move-up = move up
key-help = help
hint-help = help
key-back-close = back, close
key-next-tab = next tab
key-add-a-book = add a book
key-reload = reload
key-edit-every-field = edit every field
key-tags-of-this-book = tags of this book
key-upload-a-cover-image = upload a cover image
key-delete-the-book = delete the book
key-new-shelf-or-tag = new shelf or tag
hint-new = new
key-rename = rename
hint-rename = rename
key-delete = delete
hint-delete = delete
key-take-the-book-off = take the book off
key-this-year = this year
key-all-time = all time
hint-all-time = all time
key-row-details = row details

## Command palette descriptions and argument names

palette-library = go to the Library
palette-book = go to the open book
palette-add = add a book
palette-shelves = shelves and tags
palette-stats = statistics
palette-arg-path = PATH
palette-import = import an export file
palette-export = export the library to a file
palette-ops = the AWS fleet
palette-arg-name = NAME
palette-profile = switch the Ops tab's AWS profile; default resets it
palette-region = switch the Ops tab's AWS region; default resets it
palette-arg-text = TEXT
palette-filter = fuzzy filter the Library
palette-search = full-text search on the server
palette-arg-status-all = STATUS|all
palette-status = show one status
palette-arg-name-all = NAME|all
palette-shelf = show one shelf
palette-tag = show one tag
palette-arg-column-asc-desc = COLUMN [asc|desc]
palette-sort = sort the Library
palette-clear = clear filter, search, status, shelf, tag
palette-reload = reload the current screen
palette-arg-year-all = YEAR|all
palette-year = statistics of a year
palette-arg-goal = N [books|pages]
palette-goal = the shown year's goal in books or pages
palette-help = keys of this screen
palette-quit = quit estante
palette-name-library = library
palette-name-book = book
palette-name-add = add
palette-name-shelves = shelves
palette-name-stats = stats
palette-name-import = import
palette-name-export = export
palette-name-ops = ops
palette-name-profile = profile
palette-name-region = region
palette-name-filter = filter
palette-name-search = search
palette-name-status = status
palette-name-shelf = shelf
palette-name-tag = tag
palette-name-sort = sort
palette-name-clear = clear
palette-name-reload = reload
palette-name-year = year
palette-name-goal = goal
palette-name-help = help
palette-name-quit = quit
palette-word-all = all
palette-word-default = default
palette-word-asc = asc
palette-word-desc = desc

## Messages of the app shell and popups

picker-set-status = Set the status
prompt-new-shelf-for-book = New shelf for this book
prompt-new-tag-for-book = New tag for this book
prompt-name-missing = Type a name, or press Esc to cancel.
rating-not-a-number = { $text } is not a number of stars; type one such as 4.25, or 0 to clear
rating-out-of-range = { $stars } stars is not between 0.25 and 5
rating-not-quarter = { $stars } stars is not a whole number of quarter stars (use 0.25, 0.5, ... 5)
cancelled = Cancelled
conflict-reloaded = Reloaded; your change was not saved
conflict-cancelled = Cancelled; your change was not saved, and the book shows the saved copy
# The key, besides y, that answers yes in the confirm popup.
confirm-yes-key = y
last-message-title = Last message
last-error-title = Last error
no-message-yet = No message yet
no-book-open = No book is open; choose one in the Library and press Enter
failed = Failed: { $error }
review-exported = Wrote the year in review to { $path } ({ $bytes } bytes)
review-export-failed = Failed to write the year in review to { $path }: { $error }
goal-saved = Goal for { $year } saved
goal-removed = Goal for { $year } removed
goal-save-failed = Failed to save the goal: { $error }

## keys.toml errors and app start

keys-line = line { $line }: { $message }
keys-read-failed = failed to read { $path }: { $error }
keys-invalid-toml = invalid TOML: { $error }
keys-unknown-table = unknown table [{ $table }]; use one of { $names }
keys-not-a-table = { $table } must be a table such as [{ $table }]
keys-unknown-action = [{ $table }] has no action { $action }; use one of { $names }
keys-not-a-string = every key must be a string
keys-wrong-type = expected a key such as "x" or a list such as ["x", "F2"]
keys-empty-list = the list has no keys; give at least one
keys-not-a-key = { $text } is not a key; use a character (x, G), ctrl-x, Enter, Esc, Tab, Shift-Tab, Space, an arrow (Up, Down, Left, Right), Home, End, PgUp, PgDn or F1 to F12
keys-bound-twice = { $key } is bound to both { $first } and { $second } in [{ $table }]
keys-hides-global = { $key } in [{ $table }] ({ $action }) hides the global { $global }; choose another key
keys-file-ignored = { $path } is not used, so the default keys apply: { $errors }
server-embedded = embedded server
waiting-for-writes = Waiting for changes in flight to be saved…
file-read-failed = failed to read { $path }: { $error }
file-write-failed = failed to write { $path }: { $error }
folder-create-failed = failed to create { $path }: { $error }

## Library

column-title = title
column-authors = authors
column-series = series
column-status = status
column-rating = rating
column-read = read
# Column headings: Status fits 7 columns, Rating 6 and Read 4.
heading-title = Title
heading-authors = Authors
heading-series = Series
heading-status = Status
heading-rating = Rating
heading-read = Read
filter-search = search “{ $text }”
filter-status = status { $status }
filter-shelf = shelf { $shelf }
filter-tag = tag { $tag }
library-load-failed-status = Failed to load the library: { $error }. Press r to retry.
sort-ascending = ascending
sort-descending = descending
sorted-by = Sorted by { $column } ({ $direction })
library-count =
    { $count ->
        [one] { $count } book
       *[other] { $count } books
    }
library-count-at-least = { $count }+ books
library-matching = matching…
library-shown = { $count } shown
library-loading-progress = loading { $loaded } of { $total }
library-loading = loading…
library-best-match = best match first
library-sort = sort { $column } { $arrow }
library-load-failed =
    Failed to load the library: { $error }
    Press r to retry.
library-loading-yours = Loading your library…
library-no-match-filter = No books match “{ $filter }”. Press / to change the filter or Esc to clear it.
library-no-match-search = No books match the search and filters. Press c to clear them.
library-empty =
    Your library is empty.
    Press 6 to import a Goodreads, StoryGraph or LibraryThing export,
    or 3 to add a book by hand.
library-search-prompt = search:{ " " }

## Book

book-load-failed =
    Failed to load the book: { $error }
    Press r to retry.
book-none-open = No book is open. Choose one in the Library (1) and press Enter.
book-loading = Loading the book…
book-editing-reading = Editing a reading of “{ $title }”
book-editing = Editing “{ $title }”
book-review-title = { " " }Review · Ctrl-s save · Esc cancel{ " " }
book-unknown-author = unknown
book-by = by { $authors }
book-series = Series: { $series }
# Labels of the book's header; the values line up one column after the widest.
book-label-status = Status
book-label-rating = Rating
book-not-rated = not rated
book-label-shelves = Shelves
book-label-tags = Tags
role-author = author
role-translator = translator
role-editor = editor
role-narrator = narrator
role-illustrator = illustrator
role-foreword = foreword
role-other = other
book-pages = { $pages ->
        [1] 1 page
       *[other] { $pages } pages
    }
book-year-first = { $year } (first { $first })
book-added = added { $date }
book-owned = { $copies } owned
book-readings-heading = Readings  (n start · f finish · x stop · d edit)
book-no-readings = none yet
reading-started-on = started { $date }
reading-finished-on = finished { $date }
reading-stopped-on = stopped { $date }
reading-in-progress = in progress
reading-undated = no dates
reading-page = page { $page }
book-review-heading = Review  (w write)
book-review-heading-spoilers = Review (contains spoilers)  (w write)
book-private-notes = Private notes
book-description = Description
book-none = none

## Book and Add forms

field-title = Title
field-title-hint = required
field-subtitle = Subtitle
field-contributors = Contributors
field-contributors-hint = Name; Name (translator) — roles: author, translator, editor, narrator, illustrator, foreword, other
field-series = Series
field-series-hint = Name #position, such as Discworld #2.5
field-isbn-13 = ISBN-13
field-isbn-13-hint = 13 digits
field-isbn-10 = ISBN-10
field-isbn-10-hint = 10 characters; filled from a 978 ISBN-13
field-asin = ASIN
field-goodreads-id = Goodreads id
field-librarything-id = LibraryThing id
field-publisher = Publisher
field-format = Format
field-format-hint = such as Paperback or ebook
field-pages = Pages
field-pages-hint = a whole number
field-published = Published
field-published-hint = year of this edition
field-first-published = First published
field-first-published-hint = year; negative before the common era
field-language = Language
field-description = Description
field-description-hint = several lines
field-rating = Rating
field-rating-hint = stars in quarter steps, 0.25 to 5; empty for none
field-review-spoiler = Review spoiler
field-review-spoiler-hint = yes or no
field-private-notes = Private notes
field-private-notes-hint = several lines
field-owned-copies = Owned copies
field-owned-copies-hint = a whole number
field-date-added = Date added
field-date-added-hint = YYYY, YYYY-MM or YYYY-MM-DD
field-isbn = ISBN
field-isbn-hint = ISBN-10 or -13; Ctrl-l looks it up
field-isbn-hint-no-lookup = ISBN-10 or -13
field-status = Status
form-editing-keys = Enter/Esc done · Tab next · Ctrl-s save
form-text-title = { " " }{ $label } · Esc done · Ctrl-s save{ " " }
answer-yes = yes
answer-no = no
not-a-whole-number = { $text } is not a whole number
number-too-large = { $text } is too large; the largest number is { $max }
number-out-of-range = { $text } is not between { $min } and { $max }
role-unknown = { $role } is not a role; use author, translator, editor, narrator, illustrator, foreword or other
date-invalid = invalid date { $text }; use YYYY, YYYY-MM or YYYY-MM-DD
date-no-such-day = { $text } is not a day of the calendar; check the day and the month
date-month-range = { $text } has a month outside 1 to 12; check the month
date-in-future = { $date } is after today ({ $today }); check the year
title-required = a title is required
not-yes-or-no = { $text } is not yes or no

## Book messages and readings

readings-title = Readings
field-started = Started
field-finished = Finished
field-stopped = Stopped
field-stopped-hint = set instead of Finished when you gave up or paused
reading-date-hint = 2024, 2024-03 or 2024-03-18; empty for none
reading-finished-and-stopped = a reading is either finished or stopped; empty one of the two
reading-gone = That reading is gone; press r to reload the book
reading-delete-confirm = Delete the reading { $reading }?
nothing-changed = Nothing changed
reading-gone-unsaved = This reading was deleted elsewhere, so your change to it was not saved
book-gone = Book { $id } is no longer in the library: it was deleted elsewhere
book-gone-unsaved = Book { $id } was deleted elsewhere, so your change to it was not saved
book-unsaved-load-failed = Your change was not saved, and the book could not be reloaded: { $error }. Press r to retry.
book-load-failed-status = Failed to load the book: { $error }. Press r to retry.
rating-prompt = Rating in stars (0.25 to 5, 0 clears)
reading-already-open = A reading is already in progress; press f to finish it or x to stop it
reading-finish-without-start = No reading is in progress here. Finish the book today ({ $today }) and set the status to read? A reading started elsewhere meanwhile is finished; otherwise one is added with no start date.
reading-none-open = No reading in progress; press n to start one
reading-stopped = Reading stopped; press s to set the status to paused or did not finish
reading-started = Reading started today
reading-finished = Reading finished today
readings-none = No readings yet; press n to start one
picker-book-shelves = Shelves of this book
picker-book-tags = Tags of this book
book-delete-confirm = Delete “{ $title }” with its readings, review and notes?
edit-cancelled = Edit cancelled
quit-unsaved = Changes not saved yet: quit again to throw them away, or save them first (Ctrl-s)
form-esc-again = Press Esc again to throw the changes away; Ctrl-s saves them
review-not-saved = Review not saved
review-esc-again = Press Esc again to throw the review away; Ctrl-s saves it
review-saved = Review saved
book-changed-before-delete = This book was changed elsewhere since you loaded it (its fields, status, rating, review, notes or readings), so it is not deleted yet.
book-changed-elsewhere = This book was changed elsewhere since you loaded it, so your change is not saved yet.
save-failed = Failed to save: { $error }
saved = Saved
book-deleted = Deleted { $title }
reading-saved = Reading saved
reading-deleted = Reading deleted

## Book covers

cover-loading = Loading the cover…
cover-missing = No cover
cover-draw-failed = the cover could not be drawn ({ $error })
cover-prompt = Cover image file (JPEG or PNG)
cover-uploaded = Cover uploaded from { $path }
cover-upload-failed = Failed to upload the cover: { $error }
cover-none = no cover
cover-damaged = the cover image is damaged or in an unsupported format ({ $error })
cover-load-failed = the cover could not be loaded: { $error }
cover-not-an-image = { $path } is not a JPEG or PNG image
cover-file-damaged = { $path } is damaged or cut short ({ $error }); save the image again and retry
cover-jpeg-cut = the JPEG ends before its end-of-image marker
cover-png-damaged = a chunk of the PNG has a wrong checksum, or the file ends before its last chunk
cover-jpeg-too-little-data = the JPEG declares { $width } × { $height } pixels but holds data for far fewer
cover-file-too-many-pixels = { $path } is { $width } × { $height } pixels, more than { $max } a side; scale it down and retry
cover-file-too-much-memory = { $path } is { $width } × { $height } pixels and needs { $mib } MiB to decode, more than { $max } MiB; scale it down or save it with 8 bits a channel
cover-too-large = { $path } is { $size } bytes; a cover can be at most { $limit } bytes. Save a smaller image and try again.
import-too-large = { $file } is { $size } bytes; an import can be at most { $limit } bytes. Split the file into smaller ones and import each.
covers-off = covers are off
prompt-path-missing = Type a path, or press Esc to cancel.
cli-cover-book = book
cli-cover-file = file
cli-cover-type = type
cli-cover-bytes = bytes
cli-cover-upload-failed = failed to upload the cover of book { $id }
cli-delete-failed = failed to delete book { $id }
cli-delete-needs-yes = book { $id } was not deleted: there is no terminal to ask on; pass --yes to delete it
cli-delete-confirm = Delete book { $id }, “{ $title }”, with its readings and cover? [y/N]
cli-delete-changed = Book { $id }, “{ $title }”, changed after it was read (its fields, status, rating, review, notes or readings), so nothing was deleted. Run the command again to see it as it is now.
cli-deleted = Deleted book { $id }, “{ $title }”
cli-merge-failed = failed to merge book { $from } into book { $id }
cli-merge-not-kept = Values of book { $from } that were not kept, because this book had its own:

## Add

isbn-missing = Type an ISBN first
isbn-lookup-off = ISBN lookup is off (set openlibrary_url in config.toml); fill in the form by hand
isbn-found = Found “{ $title }”; check the form and press Ctrl-s to save
isbn-not-found = No record for ISBN { $isbn }; fill in the form by hand
isbn-lookup-failed = { $error }; fill in the form by hand
book-added-message = Added “{ $title }”
book-add-failed = Failed to add the book: { $error }
add-looking-up = looking up the ISBN…
add-lookup-key = Ctrl-l looks up the ISBN
add-lookup-off = ISBN lookup off: set openlibrary_url in config.toml
add-title = Add a book
add-keys = Enter edits a field · Ctrl-s saves · { $lookup }

## Shelves and tags. $kind is shelf or tag.

labels-failed = failed: { $error }
labels-none-yet = none yet; n adds one
labels-loading = loading…
labels-books-with =
    { $kind ->
        [shelf] Books with shelf { $name } ({ $count })
       *[tag] Books with tag { $name } ({ $count })
    }
labels-books = Books
labels-books-hint = Enter on a shelf or tag lists its books
labels-no-books = no books
labels-shelves-count = Shelves ({ $count })
labels-tags-count = Tags ({ $count })
labels-load-failed = Failed to load shelves and tags: { $error }
labels-books-load-failed = Failed to load the books of { $name }: { $error }
label-new =
    { $kind ->
        [shelf] New shelf
       *[tag] New tag
    }
label-rename =
    { $kind ->
        [shelf] Rename the shelf “{ $name }”
       *[tag] Rename the tag “{ $name }”
    }
label-delete-confirm =
    { $kind ->
        [shelf] Delete the shelf “{ $name }”? { $count ->
            [0] It is empty.
            [1] Its 1 book stays in the library.
           *[other] Its { $count } books stay in the library.
        }
       *[tag] Delete the tag “{ $name }”? { $count ->
            [0] No book has it.
            [1] Its 1 book stays in the library.
           *[other] Its { $count } books stay in the library.
        }
    }
labels-choose-book = Choose a book in the right-hand column first
label-no-other =
    { $kind ->
        [shelf] There is no other shelf to move to; press n to make one
       *[tag] There is no other tag to move to; press n to make one
    }
label-move-title = Move “{ $title }” from { $name } to
label-created =
    { $kind ->
        [shelf] Created the shelf “{ $name }”
       *[tag] Created the tag “{ $name }”
    }
label-renamed =
    { $kind ->
        [shelf] Renamed the shelf to “{ $name }”
       *[tag] Renamed the tag to “{ $name }”
    }
label-deleted =
    { $kind ->
        [shelf] Deleted the shelf { $name }
       *[tag] Deleted the tag { $name }
    }
label-moved = Moved { $title } to { $name }
label-move-failed = Failed to move { $title } to { $name }: { $error }
label-changed-elsewhere = { $name } was changed elsewhere since you loaded it, so your change is not saved yet.
labels-changed-elsewhere = A shelf or tag was changed elsewhere since you loaded it, so your change is not saved yet.

## Stats and the year in review

stats-all-time = all time
stats-title = Stats · { $period }
stats-keys = ←/→ year · a all time · y this year · g goal · v review
stats-load-failed =
    Failed to load the statistics: { $error }
    Press r to retry.
stats-load-failed-status = Failed to load the statistics: { $error }. Press r to retry.
stats-loading = Loading the statistics…
stats-books-by-status = Books by status
stats-top-shelves = Top shelves
stats-books-per-month = Books per month
stats-pages-per-month = Pages per month
stats-top-authors = Top authors
stats-ratings = Ratings
stats-average = average { $average }★
stats-missing-pages = { $count } without page count
stats-missing-dates = { $count } read without a date
stats-missing-dates-year =
    { $count ->
        [one] { $count } read book has no date and counts in no year
       *[other] { $count } read books have no date and count in no year
    }
# Twelve one-letter month labels under the monthly bars, separated by spaces.
month-initials = J F M A M J J A S O N D
# Twelve month abbreviations, separated by spaces.
month-abbreviations = Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec
none = none
goal-heading = Goal
goal-per-year = Goals are per year; press ← or y to pick one.
goal-none = No goal for { $year }; press g to set one.
goal-gauge = Goal { $done } of { $target } ({ $percent }%) · { $pace }
goal-prompt = Goal for { $year }: books, or pages such as 9000 pages (0 removes it)
pace-goal-reached = goal reached
goal-amount-books =
    { $count ->
        [one] { $count } book
       *[other] { $count } books
    }
goal-amount-pages =
    { $count ->
        [one] { $count } page
       *[other] { $count } pages
    }
goal-bad-unit = { $unit } is not a goal unit; type a number of books, or pages such as 9000 pages
goal-bad-number = { $number } is not a whole number; type such as 40 or 9000 pages (0 removes it)
goal-too-large = { $number } is more than a goal can be; type at most { $max } (0 removes it)
goal-negative = a goal cannot be negative ({ $number }); 0 removes it
goal-line-books = Book goal
goal-line-pages = Page goal
goal-line = { $label }: { $done } of { $target } ({ $percent }%)
# Typed into the goal prompt when only a page goal is set; the unit word must be one parse_goal accepts.
goal-prefill-pages = { $pages } pages
pace-missed-by = missed by { $amount }
pace-not-started = the year has not started
pace-on-schedule = on schedule
pace-ahead = { $amount } ahead of schedule
pace-behind = { $amount } behind schedule
review-title = Year in review · { $year } · e exports estante-report-{ $year }.md
review-finished =
    { $books ->
        [one] { $books } book finished · { $pages } pages
       *[other] { $books } books finished · { $pages } pages
    }
review-average = average { $average }★ ({ $rated } rated)
review-first = First
review-last = Last
review-longest = Longest
review-shortest = Shortest
review-most-read = Most read: { $authors }
review-ratings = Ratings: { $ratings }
review-per-month = Per month: { $months }
review-retry = Press v twice to retry.
review-making = Making the report…
review-failed = Failed to make the year in review: { $error }
review-writing = Writing the year in review to { $path }…

## Import/Export

transfer-import = Import
transfer-import-keys = i choose a file · F switch · Tab completes · Enter imports
# Label before the path fields, padded so the paths line up.
transfer-file = File{ "   " }
format-goodreads = Goodreads CSV
format-archive = estante archive (JSON)
format-detected = detected
format-storygraph = StoryGraph CSV
format-librarything = LibraryThing (TSV, CSV or JSON)
transfer-export = Export
transfer-format = format: { $format }
transfer-export-keys = f switch · e edit name, then Enter exports
transfer-exporting = exporting…
transfer-idle = Goodreads, StoryGraph, LibraryThing and estante archive files are read.
transfer-reading = reading { $path }…
transfer-unknown-format = unknown format
transfer-importing = importing { $kibibytes } KiB ({ $format })…
transfer-done = { $file }: { $rows ->
        [1] 1 row
       *[other] { $rows } rows
    } ({ $format }) · { $imported } imported · { $merged } merged · { $flagged } flagged · { $rejected } rejected
import-failed = Import failed: { $error }
transfer-rows = Rows: { $view } ({ $count })
transfer-rows-keys = v next view · j/k move · Enter details
transfer-note = note: { $note }
transfer-no-rows = No rows in this view; press v for another.
transfer-no-title = no title
rows-problems = rejected and flagged
rows-all = all
outcome-imported = imported
outcome-merged = merged
outcome-flagged = flagged
outcome-rejected = rejected
rows-rejected = rejected
rows-flagged = flagged
rows-merged = merged
rows-imported = imported
import-path-missing = Type the path of an export file first
import-running = An import is already running
export-path-missing = Type the path to export to first
row-title = Title: { $title }
row-why = Why: { $reason }
row-note = Note: { $note }
row-book-id = Book id: { $id }
row-popup-title = row { $row } · { $outcome }
import-done = Imported { $path }: { $imported } new, { $merged } merged, { $flagged } flagged, { $rejected } rejected
export-done = Wrote { $path } ({ $bytes } bytes)
export-failed = Export failed: { $error }

## Ops tab

ops-view-instances = Instances
ops-view-alarms = Alarms
ops-view-storage = Snapshots & volumes
ops-view-backups = Backups
ops-view-commands = Commands
ops-connecting = Connecting to AWS… (Esc goes back; the request keeps running)
ops-failed-connect = Failed to connect to AWS
ops-restores-enabled = restores enabled
ops-read-only = read-only
ops-account = AWS account { $account }
ops-profile-region = profile { $profile } · region { $region }
ops-what-to-do = What to do: { $advice }
ops-press-r = Press r to retry.
ops-loading-partial = Loading { $view }: { $rows } so far; status checks and SSM state follow
ops-loading-view = Loading { $view }… (Esc goes back; the request keeps running)
ops-failed-load = Failed to load { $view }
ops-incomplete-list = Incomplete list: { $reason }
ops-command-output-loading = Reading the output of { $command }…
ops-command-output-title = Output of { $command }
ops-command-output-none = The command names no instance.
ops-command-output-run = { $instance }: { $status }, exit code { $code }
ops-command-output-cut = { $count ->
        [one] (1 earlier line not shown)
       *[other] ({ $count } earlier lines not shown)
    }
ops-command-output-failed = { $instance }: its output could not be read: { $error }
ops-stale = STALE
ops-all-fresh = Every instance has a snapshot newer than { $hours } h
ops-stale-list = { $count ->
        [one] 1 instance
       *[other] { $count } instances
    } without a snapshot in { $hours } h: { $instances }
ops-stale-waiting = Instances without a snapshot newer than { $hours } h: waiting for the instance listing
ops-loading-volumes = Loading volumes…
ops-failed-volumes = Failed to list volumes
ops-health-loading = Reading status checks and SSM state…
ops-health-unavailable = Status checks and SSM state not read: { $error }
ops-vault = { $name } ({ $points ->
        [1] 1 point
       *[other] { $points } points
    })
ops-vault-locked = { $name } ({ $points ->
        [1] 1 point
       *[other] { $points } points
    }, locked)
ops-no-vaults = No backup vaults
ops-vaults = Vaults: { $vaults }
ops-metrics-title = Metrics of { $instance }, last 3 h
ops-loading = Loading…
ops-failed-metrics = Failed to read metrics
ops-no-data = no data
ops-no-agent = No CloudWatch agent metrics (memory, disk): the agent is not installed or not publishing them.
ops-incomplete = Incomplete: { $reason }
ops-not-listed = Could not be listed: see the note above
ops-no-instances = No instances
ops-no-alarms = No alarms
ops-no-commands = No commands
ops-no-snapshots = No snapshots
ops-no-volumes = No volumes
ops-no-recovery-points = No recovery points
ops-no-backup-jobs = No backup jobs in 72 h
ops-no-restore-jobs = No restore jobs in 72 h
ops-alarm-no-instance = Alarm { $alarm } has no InstanceId dimension
ops-instance-not-loaded = Instance { $instance } is not in the loaded list; press r to reload
ops-not-connected = not connected to AWS
# Column headings of the Ops tables.
ops-col-instance = INSTANCE
ops-col-name = NAME
ops-col-state = STATE
ops-col-type = TYPE
ops-col-zone = ZONE
ops-col-checks = CHECKS
ops-col-ssm = SSM
ops-col-alarm = ALARM
ops-filter-count = { $shown } of { $total } instances · Enter keeps the filter, Esc drops it
ops-filter-instances-only = Only the Instances view filters its rows; press i for it
ops-col-reason = REASON
ops-col-metric = METRIC
ops-col-since = SINCE
ops-col-command = COMMAND
ops-col-document = DOCUMENT
ops-col-status = STATUS
ops-col-done = DONE
ops-col-errors = ERRORS
ops-col-requested = REQUESTED
ops-col-snapshot = SNAPSHOT
ops-col-age = AGE
ops-col-stale = STALE
ops-col-volume = VOLUME
ops-col-size = SIZE
ops-col-vault = VAULT
ops-col-resource = RESOURCE
ops-col-created = CREATED
ops-col-job-state = JOB STATE
ops-col-message = MESSAGE
ops-col-restore = RESTORE
ops-col-created-resource = CREATED RESOURCE

## The restore dialog

restore-keeps-running = The restore keeps running; its progress stays on screen until it ends
ops-backups-target = Restores go to { $instance }, the instance selected in Instances
ops-backups-no-target = Restores need a target: select an instance in Instances first
restore-select-instance = Select the target instance in Instances first
restore-snapshot-instance-pending = This snapshot's instance is known once the instance listing is in; try again then
restore-snapshot-no-instance = { $snapshot } is of a volume that no listed instance holds, so it has no target here; name one with estante ops restore --snapshot { $snapshot } --instance ID
restore-where = Restores start from Snapshots & volumes or Backups
restore-target-snapshot = snapshot { $snapshot } for { $instance }
restore-target-recovery-point = recovery point { $point } for { $instance }
restore-target-database = database backup { $backup } on { $instance }
restore-started = Restore { $execution } started
restore-cli-interrupted-prompt = Interrupted: nothing was sent, and the audit log records the restore as declined.
restore-cli-interrupted-follow = Stopped following. Restore { $execution } keeps running in AWS; `estante ops commands --instance { $instance }` and `estante ops jobs --restores` show how it goes.
restore-lines-above = { $count ->
    [one] 1 line above is hidden; ↑ scrolls to it
   *[other] { $count } lines above are hidden; ↑ scrolls to them
}
restore-lines-below = { $count ->
    [one] 1 line below is hidden; ↓ or any other key goes back to it
   *[other] { $count } lines below are hidden; ↓ or any other key goes back to them
}
restore-unlogged = The restore runs, but the audit log could not record it ({ $error })
restore-outcome-unlogged = The audit log could not record how the restore ended ({ $error })
restore-finished = Restore finished
restore-ended-as = Restore ended as { $status }
restore-not-started = Restore not started: { $error }
restore-decline-not-logged = The cancelled restore could not be written to the audit log: { $error }
restore-failed = Restore failed: { $error }
restore-cancelled = Restore cancelled
restore-read-only = Read-only: start estante with --enable-restores or set restores_enabled = true under [ops] in config.toml
restore-type-exactly = Type { $confirmation } exactly to start
restore-preflight-running = Running the preflight for { $target }…
restore-title-preflight-failed = Restore: preflight failed
restore-title-preflight = Restore: preflight
restore-preflight-blocked = A preflight check failed, so this restore cannot start. Fix what the FAIL line names, then start the restore again. Esc closes.
restore-preflight-failed = The preflight failed
esc-closes = Esc closes.
restore-type-to-start = Type { $confirmation } and press Enter to start; Esc cancels.
restore-disabled = Read-only: restores are disabled (--enable-restores or restores_enabled under [ops]). Esc closes.
restore-title-confirm = Restore: confirm
restore-document-on = { $document } on { $instance }
restore-execution = Execution { $id }
restore-starting = Starting…
restore-following = Following until the restore ends; it keeps running in AWS if you quit.
restore-ended = Ended: { $status }
restore-created = Created { $arn }
restore-title-running = Restore: in progress
restore-title-finished = Restore: finished
restore-title-failed = Restore: failed
# Marks of the preflight checks, padded to one width.
restore-check-ok = ok{ "  " }
restore-check-fail = FAIL

## AWS advice and errors of the ops library
aws-hint-profile-undefined = check the profile's name and its keys: `aws configure list-profiles` lists the defined ones
aws-hint-credentials = check the credentials of profile { $profile }: run `aws sso login --profile { $profile }` if it uses SSO, or refresh its keys or its credential_process, then retry
aws-hint-access-denied = the caller is missing the IAM action { $action } (granted by { $policy })
aws-hint-throttled = the SDK's standard retries with back-off gave up; wait a minute and refresh
aws-hint-endpoint = check the network, --endpoint-url and AWS_ENDPOINT_URL* variables
ops-error-config = invalid ops configuration: { $reason }
ops-error-input = invalid request: { $reason }
ops-error-restores-disabled = restores are disabled in this configuration: enable them (restores_enabled) to start one
ops-error-confirmation = confirmation { $typed } does not match { $expected }: type it exactly to restore
ops-error-preflight = restore preflight failed: { $reason }
ops-error-plan-changed = nothing was sent: the fleet changed after the plan was made ({ $reason }); plan the restore again
ops-error-unexpected = unexpected AWS response: { $reason }
ops-error-timed-out = timed out after { $seconds } s waiting for { $waiting_for }
ops-error-audit-log = audit log { $path }: { $error }

## File system errors, in place of the standard library's English text
io-not-found = no such file or folder
io-stream-too-large = it gives more than { $limit } bytes, more than an upload can be; save what it gives to a file first
io-permission-denied = permission denied
io-already-exists = it already exists
io-is-a-directory = it is a folder, not a file
io-not-a-directory = a part of the path is not a folder
io-storage-full = the disk is full
io-read-only = the file system is read-only
io-invalid-data = the contents are not valid text
io-connection-refused = connection refused
io-connection-reset = the connection was reset
io-timed-out = timed out

## Talking to the server

client-unreachable = cannot reach the server at { $base_url }: { $message }
client-token-refused = the server did not accept the token; run `estante login` for a new one, or pass a valid --token
client-timeout = the request to { $base_url } timed out
client-decode = the server sent a response that could not be read: { $message }
client-other = the request failed: { $message }
client-status = the server answered { $status }
client-status-text = the server answered { $status }: { $text }
client-status-web-page = the server answered { $status } with a web page, so it is not an estante server; check the address given with --server
client-no-route = the estante server at { $base_url } has no route { $path }, so the address is wrong; give --server (or server in config.toml) the address that /api/v1 is under, such as https://host/estante for https://host/estante/api/v1
report-stuck = report { $id } was still { $status } after { $seconds } s; the server's report worker may be stopped
report-no-reason = no reason given
report-failed = the server failed to make the report: { $reason }
connect-bad-server = { $server } is not a server address; give an http or https URL, such as https://books.example.org
connect-missing-token = no token for { $server }; run `estante login --server { $server } --user NAME` or pass --token

## Starting the embedded server and the ISBN lookup

embedded-data-dir-failed = failed to create the data folder { $path }: { $error }
embedded-database-failed = failed to open the database { $path }: { $error }
embedded-database-not-sqlite = { $path } is not an estante database, or it is damaged: move it aside to start a new library, or pass --data-dir with the folder of another one
embedded-user-failed = failed to set up the local user: { $error }
embedded-token-failed = failed to store the local token in { $path }: { $error }
embedded-listen-failed = failed to listen on 127.0.0.1: { $error }
embedded-blobs-failed = failed to open the blob folder: { $error }
paths-no-home = no home folder found to keep estante's files in; pass --data-dir and --config-dir
lookup-not-configured = ISBN lookup is off: set openlibrary_url in config.toml to use it
lookup-invalid-isbn = { $isbn } is not a valid ISBN
lookup-request-failed = the ISBN lookup failed: { $error }
lookup-status = the ISBN lookup service answered { $status }
lookup-decode = the ISBN lookup service sent a response that could not be read: { $error }

## Command-line subcommands

cli-error = error: { $error }
cli-read-failed = failed to read { $path }
cli-import-failed = failed to import { $path }
cli-import-summary = { $rows ->
        [1] 1 row
       *[other] { $rows } rows
    }: { $imported } imported, { $merged } merged, { $flagged } flagged, { $rejected } rejected
cli-export-failed = failed to export the library
cli-write-failed = failed to write { $path }
cli-export-done = Wrote { $bytes } bytes to { $path }
cli-stats-failed = failed to load the statistics
cli-stat-period = period
cli-stat-books-read = books read
cli-stat-pages-read = pages read
cli-stat-average-rating = average rating
cli-stat-top-authors = top authors
cli-stat-missing-dates = read, without a finish date
cli-stat-status = status { $status }
cli-col-row = ROW
cli-col-outcome = OUTCOME
cli-col-title = TITLE
cli-col-reason = REASON
cli-col-statistic = STATISTIC
cli-col-value = VALUE
cli-col-id = ID
cli-col-authors = AUTHORS
cli-col-status = STATUS
cli-col-rating = RATING
cli-col-read = READ
cli-col-field = FIELD
cli-field-id = id
cli-field-title = title
cli-field-authors = authors
cli-field-status = status
cli-field-rating = rating
cli-field-isbn13 = isbn13
cli-field-pages = pages
cli-field-shelves = shelves
cli-field-tags = tags
cli-field-reading = reading
cli-field-subtitle = subtitle
cli-field-series = series
cli-field-contributors = contributors
cli-field-isbn10 = isbn10
cli-field-asin = asin
cli-field-goodreads-id = goodreads id
cli-field-librarything-id = librarything id
cli-field-publisher = publisher
cli-field-format = format
cli-field-published-year = year published
cli-field-original-year = first published
cli-field-language = language
cli-field-added = added
cli-field-copies = copies owned
cli-field-description = Description:
cli-field-review = Review:
cli-field-review-spoiler = Review (contains spoilers):
cli-field-notes = Private notes:
cli-book-load-failed = failed to load book { $id }
cli-search-empty = the search text is empty; give a word to search for, or use `estante books list` to list every book
cli-book-update-failed = failed to update book { $id }
cli-bad-sort = { $key } is not a sort key; use title, author, added, rating, read or pages
cli-list-failed = failed to list the books
cli-no-books = No books match.
cli-library-empty = The library is empty. Add a book with `estante books add --title TITLE`, or import an export with `estante import FILE`.
cli-add-failed = failed to add the book
cli-completions-failed = failed to write the completion script
cli-man-failed = failed to write the manual page
man-name = NAME
man-synopsis = SYNOPSIS
man-description = DESCRIPTION
man-options = OPTIONS
man-subcommands = COMMANDS
man-extra = MORE
man-version = VERSION
man-authors = AUTHORS
cli-logging-off = warning: logging is off because { $path } cannot be opened: { $error }
cli-connect-failed = failed to connect to the estante server
terminal-setup-failed = failed to set up the terminal
settings-invalid-toml = { $path } is not valid TOML: { $error }
settings-toml-at = line { $line }, column { $column }: { $reason }
settings-invalid = { $path }: { $error }
settings-language-unknown = language = "{ $value }" is not a language estante has; use en or pt-BR, or remove the line to follow LANG
settings-unknown-key = unknown key { $key }; the keys here are { $keys }
settings-goal-invalid = invalid goal { $amount }: use a whole number from 0 to { $max }
settings-goal-year = { $key } is not a year under [goals]; use a year such as 2026 = 40
settings-goal-negative = the goal { $amount } is negative; use 0 or more (0 removes it)
settings-goal-not-number = the goal { $value } is not a number; write books as 40, or pages as {"{"} pages = 9000 {"}"}
settings-goal-key = unknown goal key `{ $key }`; use `books` or `pages`
login-needs-server = login needs the server: estante login --server URL --user NAME
login-failed = failed to log in to { $server } as { $user }
login-done = Logged in to { $server } as { $user }. The token is stored in { $path }.
login-password-prompt = Password for { $user }:{ " " }
login-password-terminal-failed = failed to read the password from the terminal
login-password-stdin-failed = failed to read the password from standard input
login-password-empty = the password is empty
logout-embedded = there is no login to end: without --server or a stored login the app uses its embedded server. estante logout ends a login made with estante login --server URL
logout-failed = failed to revoke the token on { $server }; it is still stored
logout-done = Logged out of { $server }: the token is revoked and removed from { $path }.
logout-done-given = Logged out of { $server }: the token given is revoked.

## estante ops (command line)

ops-col-stat = STAT
ops-stat-average = average
ops-stat-sum = sum
ops-stat-maximum = maximum
ops-stat-minimum = minimum
ops-stat-sample-count = samples
ops-col-points = POINTS
ops-col-latest = LATEST
ops-col-at = AT
ops-col-device = DEVICE
ops-col-gib = GIB
ops-col-locked = LOCKED
ops-col-plan = PLAN
ops-col-id = ID
ops-col-last-run = LAST RUN
ops-col-recovery-point = RECOVERY POINT
ops-col-job = JOB
ops-col-targets = TARGETS
ops-cli-setup-failed = failed to set up the AWS connection
ops-cli-partial = warning: the { $list } is incomplete: { $reason }
ops-cli-failed-identity = failed to read the caller identity
ops-cli-whoami = account { $account } · { $arn } · profile { $profile } · region { $region }
ops-cli-failed-instances = failed to list EC2 instances
ops-cli-list-instances = instance list
ops-cli-failed-alarms = failed to list alarms
ops-cli-list-alarms = alarm list
ops-cli-failed-metrics = failed to read instance metrics
ops-cli-metrics-missing = warning: some metrics are missing: { $reason }
ops-cli-instances-none = warning: no instances in { $region } match; check --region and the filters
ops-cli-alarms-none = warning: no CloudWatch alarms in { $region }; check --region
ops-cli-snapshots-none = warning: no snapshots owned by this account in { $region }; check --region
ops-cli-commands-none = warning: no Run Command commands in { $region } in the last 30 days; check --region
ops-cli-commands-none-instance = warning: no Run Command commands in { $region } in the last 30 days for { $instance }; check --region and the instance id
ops-cli-volumes-none = warning: no volumes are attached to { $instance }; check the instance id and the region
ops-cli-metrics-empty = warning: no data points for { $instance } in the last { $hours } h; check the instance id and the region
ops-cli-no-agent = No CloudWatch agent metrics (memory, disk) for { $instance }: the agent is not installed or not publishing them.
ops-cli-failed-volumes = failed to list EBS volumes
ops-cli-list-volumes = volume list
ops-cli-failed-snapshots = failed to list EBS snapshots
ops-cli-list-snapshots = snapshot list
ops-cli-stale = stale: { $instance } has no snapshot newer than { $hours } h (newest: { $newest })
ops-cli-failed-vaults = failed to list backup vaults
ops-cli-list-vaults = vault list
ops-cli-failed-plans = failed to list backup plans
ops-cli-list-plans = plan list
ops-cli-failed-points = failed to list recovery points
ops-cli-list-points = recovery point list
ops-cli-failed-restore-jobs = failed to list restore jobs
ops-cli-list-restore-jobs = restore job list
ops-cli-failed-backup-jobs = failed to list backup jobs
ops-cli-list-backup-jobs = backup job list
ops-cli-failed-commands = failed to list SSM commands
ops-cli-list-commands = command list
restore-cli-missing-source = missing restore source: pass --snapshot, --recovery-point with --vault, or --backup-key
restore-cli-plan = Restore plan ({ $document } { $instance }):
restore-cli-checks = Preflight checks:
restore-cli-prompt = Type { $expected } to start the restore:{ " " }
restore-cli-read-failed = failed to read the confirmation from standard input
restore-cli-no-confirmation = no confirmation: standard input is empty; type { $expected } or pass --confirm { $expected }
restore-cli-preflight-failed = restore preflight failed: { $error }
restore-cli-check-failed = a preflight check failed, so the restore was not started
restore-cli-disabled = restores are disabled, so nothing was started: pass --enable-restores or set restores_enabled = true under [ops] in config.toml
restore-cli-start-failed = failed to start the restore: { $error }
restore-cli-output-closed = could not write the plan ({ $error }), so no restore was started; run the command again with its output to a terminal or a file
restore-cli-started = Started { $document } on { $instance } (execution { $execution }); audit log: { $log }
restore-cli-follow-failed = failed to follow the restore: { $error }
restore-cli-no-detail = no detail
restore-cli-ended-as = the restore ended as { $status }: { $detail }
restore-cli-finished = Restore finished: { $status }

## Command-line help. Ids follow the command path: cli-about-books-list describes
## `estante books list`, and cli-arg-books-list-sort its --sort. An argument without
## an id of its own uses the shared cli-arg-NAME. cli-value-* are the placeholders
## in capitals after an option.
cli-heading-usage = Usage
cli-heading-commands = Commands
cli-heading-arguments = Arguments
cli-heading-options = Options
cli-heading-global-options = Global options
cli-usage-options = [OPTIONS]
cli-default = [default: { $value }]
cli-possible-values = [possible values: { $values }]
cli-env = [environment: { $name }]
cli-about = A personal book library in the terminal
    .long = A personal book library in the terminal. With no subcommand, opens the app; without --server it runs its own server on 127.0.0.1 with a SQLite file in the data folder.
cli-about-help = Print this message or the help of the given subcommand(s)
cli-about-login = Log in to a remote server and store its token in config.toml (mode 0600)
cli-about-logout = Revoke the stored token on its server and remove it from config.toml
cli-about-import = Import a Goodreads, StoryGraph, LibraryThing or estante archive file
cli-about-export = Export the library as a Goodreads CSV or the lossless estante archive
cli-about-books = List, search, show, add, rate and set the status of books
cli-about-books-list = List books, optionally filtered
cli-about-books-search = Full-text search over title, authors, series, tags and review
cli-about-books-show = Show one book with its status, rating, review, readings, shelves and tags
cli-about-books-add = Add a book by hand
cli-about-books-delete = Delete a book with its readings, shelf and tag links, and cover. It prompts first on a terminal, and scripts pass --yes
cli-about-books-merge = Merge another copy of a book into this one, as for a duplicate that an import flagged, and delete the copy. This book keeps its values and takes those it lacks; readings, shelves and tags are joined, and both reviews are kept
cli-about-books-rate = Rate a book in stars, in quarter steps (0.25 to 5); 0 clears the rating
cli-about-books-cover = Upload a JPEG or PNG image (at most 2 MiB) as the book's cover, replacing any earlier one
cli-about-books-status = Set the reading status: want_to_read, reading, read, did_not_finish or paused, in any case, or an alias such as dnf, to-read or finished
cli-about-stats = Reading statistics for a year or for all time
cli-about-ops = Inspect the AWS fleet behind a shared server, and restore it
cli-about-ops-whoami = The account and caller ARN of the credentials, from STS
cli-about-ops-instances = EC2 instances with their state, status checks and SSM agent
cli-about-ops-alarms = CloudWatch alarms, those in ALARM first
cli-about-ops-metrics = CloudWatch metrics of one instance
cli-about-ops-volumes = EBS volumes, optionally of one instance
cli-about-ops-snapshots = EBS snapshots and the instances whose newest snapshot is too old
cli-about-ops-backups = AWS Backup recovery points (the default), vaults or plans
cli-about-ops-backups-points = Recovery points of every vault, or of --vault
cli-about-ops-backups-vaults = Backup vaults with their recovery point counts
cli-about-ops-backups-plans = Backup plans and when they last ran
cli-about-ops-jobs = AWS Backup backup jobs, failed ones first, or restore jobs, newest first
cli-about-ops-commands = Systems Manager Run Command commands, optionally of one instance
cli-about-ops-restore = Restore an instance from a snapshot, a recovery point or a database backup
cli-about-completions = Print a shell completion script
cli-about-man = Print the manual page (roff)
cli-arg-help = Print help
cli-arg-version = Print version
cli-arg-server = Base URL of a remote estante server, such as https://books.example.org. The embedded server is used when neither this nor `server` in config.toml is set
cli-arg-token = Bearer token for --server; `estante login` stores one in config.toml
cli-arg-data_dir = Folder of the embedded server's database (default: the XDG data folder, ~/.local/share/estante)
cli-arg-config_dir = Folder of config.toml and the local token (default: the XDG config folder, ~/.config/estante)
cli-arg-profile = AWS profile for the Ops tab and `estante ops` (default: `profile` under [ops] in config.toml, then AWS_PROFILE)
cli-arg-region = AWS region, such as eu-west-1 (default: `region` under [ops] in config.toml, then AWS_REGION or the profile's region)
cli-arg-endpoint_url = Endpoint for every AWS service, for emulators such as moto (default: `endpoint_url` under [ops] in config.toml, then AWS_ENDPOINT_URL)
cli-arg-enable_restores = Allow restores from the Ops tab and `estante ops restore`; read-only without it unless `restores_enabled = true` is set under [ops] in config.toml
cli-arg-output = How to print the result: a table to read, or JSON for scripts
cli-arg-export-output = How to report the result when writing to a file
cli-arg-login-user = The user name on the server
cli-arg-login-label = Name the token is listed under on the server
cli-arg-import-file = The export file
cli-arg-import-format = Format of the file; auto detects it from the first line
cli-arg-export-format = Format to write
cli-arg-export-file = File to write, replaced when it exists, or a folder to write a new file in; standard output when absent or -
cli-arg-id = The book's id, as `estante books list` shows it
cli-arg-status = Only books with this status (want_to_read, reading, read, did_not_finish, paused, or an alias such as dnf)
cli-arg-shelf = Only books on this shelf
cli-arg-tag = Only books with this tag
cli-arg-sort = Sort key: title, author, added, rating, read or pages
cli-arg-desc = Sort in descending order
cli-arg-limit = Stop after this many books (default: all)
cli-arg-books-search-query = Words that must all match; each matches as a prefix
cli-arg-books-add-title = The book's title
cli-arg-books-add-authors = An author; repeat for several
cli-arg-books-add-isbn = ISBN-10 or ISBN-13
cli-arg-books-add-pages = Number of pages
cli-arg-books-add-year = Year of publication
cli-arg-books-add-publisher = The publisher
cli-arg-books-add-status = Reading status (default: want_to_read)
cli-arg-books-add-rating = Rating in stars, in quarter steps
cli-arg-books-rate-stars = Stars from 0.25 to 5 in quarter steps; 0 clears the rating
cli-arg-books-delete-id = The book to delete
cli-arg-books-delete-yes = Delete without asking
cli-arg-books-merge-id = The book to keep
cli-arg-books-merge-from = The copy to merge into it and delete
cli-arg-books-cover-file = The image file
cli-arg-books-status-status = The new status, or an alias such as dnf
cli-arg-stats-year = Calendar year; all time when absent
cli-arg-ops-instances-tag = Only instances with this tag, as key=value; repeat for several, which must all match
cli-arg-ops-instances-states = Only instances in this state (pending, running, stopped, ...); repeat for several
cli-arg-ops-metrics-instance_id = The instance's id, such as i-0123456789abcdef0
cli-arg-ops-metrics-hours = Length of the window that ends now, in hours, from 1 to 10920 (CloudWatch keeps 455 days)
cli-arg-ops-metrics-period = Length of one data point, in seconds (a multiple of 60)
cli-arg-ops-volumes-instance = Only the volumes attached to this instance
cli-arg-ops-snapshots-max_age = Age after which an instance's newest snapshot counts as stale, such as 24h, 2d or 90m; a bare number is hours (default: 24h)
cli-arg-ops-backups-vault = Only this vault's recovery points
cli-arg-ops-backups-points-vault = Only this vault's recovery points
cli-arg-ops-jobs-hours = How far back to look, in hours, from 1 to 876000
cli-arg-ops-jobs-restores = List restore jobs in place of backup jobs
cli-arg-ops-commands-instance = Only commands sent to this instance
cli-arg-ops-restore-instance = Instance the restore targets
cli-arg-ops-restore-snapshot = EBS snapshot id to restore: as its AWS Backup recovery point when AWS Backup made it, else by swapping it in for the instance's data volume
cli-arg-ops-restore-recovery_point = AWS Backup recovery point ARN to restore; needs --vault
cli-arg-ops-restore-vault = Backup vault of --recovery-point
cli-arg-ops-restore-backup_key = Database backup key for `estante-server restore --from` on the instance
cli-arg-ops-restore-role_arn = Role AWS Backup assumes to create the resource (default: service-role/AWSBackupDefaultServiceRole)
cli-arg-ops-restore-confirm = The confirmation text (the instance id or database name), for scripts; read from the terminal or standard input when absent
cli-arg-completions-shell = The shell to write the script for
cli-value-command = COMMAND
cli-value-server = URL
cli-value-token = TOKEN
cli-value-data_dir = FOLDER
cli-value-config_dir = FOLDER
cli-value-profile = PROFILE
cli-value-region = REGION
cli-value-endpoint_url = URL
cli-value-user = USER
cli-value-label = LABEL
cli-value-from = FROM
cli-value-file = FILE
cli-value-format = FORMAT
cli-value-output = OUTPUT
cli-value-status = STATUS
cli-value-shelf = SHELF
cli-value-tag = TAG
cli-value-sort = KEY
cli-value-limit = COUNT
cli-value-query = QUERY
cli-value-id = ID
cli-value-title = TITLE
cli-value-authors = AUTHOR
cli-value-isbn = ISBN
cli-value-pages = PAGES
cli-value-year = YEAR
cli-value-publisher = PUBLISHER
cli-value-rating = STARS
cli-value-stars = STARS
cli-value-states = STATE
cli-value-instance_id = INSTANCE
cli-value-instance = INSTANCE
cli-value-hours = HOURS
cli-value-period = SECONDS
cli-value-max_age = AGE
cli-value-vault = VAULT
cli-value-snapshot = SNAPSHOT
cli-value-recovery_point = ARN
cli-value-backup_key = KEY
cli-value-role_arn = ARN
cli-value-confirm = TEXT
cli-value-shell = SHELL

## Command-line usage errors, printed in place of clap's own.
cli-usage-error = error: { $problem }
cli-error-unknown-argument = unexpected argument { $argument }
cli-error-unknown-command = unknown subcommand { $command }
cli-error-invalid-value = { $value } is not a valid value for { $argument }; the valid values are { $valid }
cli-error-empty-value = { $argument } was given an empty value; give it one
cli-error-value-validation = { $value } is not a valid value for { $argument }: { $reason }
cli-error-not-accepted = not accepted
cli-error-not-integer = not a whole number
cli-error-too-large = the number is too large
cli-error-not-number = not a number
cli-error-stars = not a number of stars such as 4.25 or 4,25
cli-error-negative-limit = must be 1 or more; leave --limit out to list every book
cli-no-such-shelf = there is no shelf named “{ $name }”; the shelves are: { $known }
cli-no-such-tag = there is no tag named “{ $name }”; the tags are: { $known }
cli-no-labels = none yet
cli-error-age = { $value } is not an age: give a number with m, h or d, such as 24h
cli-error-age-too-long = { $value } is longer than the longest age, { $days }d
cli-error-instance-id = { $value } is not an instance id: expected i- and 8 or 17 lowercase hex digits, such as i-0123456789abcdef0
cli-error-tag = { $value } is not a tag: give key=value
cli-error-missing-argument = these required arguments are missing: { $arguments }
cli-error-missing-command = a subcommand is needed
cli-error-conflict = { $argument } cannot be used with { $other }
cli-error-value-count = { $argument } got the wrong number of values
cli-error-no-equals = { $argument } needs = before its value, as in { $argument }=VALUE
cli-error-other = the arguments are not valid ({ $argument })
cli-error-suggestion = did you mean { $suggestion }?
cli-error-more = For more, run the command with --help.

## Restore plans and preflight checks, worded from the ops library's sentence ids.
## A value of "unknown" stands for a state, zone, version or time AWS did not give.
restore-plan-run-command = Systems Manager Run Command sends the { $document } document to { $instance }.
restore-plan-database-command = The instance runs `estante-server restore --from { $key }`.
restore-plan-database-replaced = The instance's current estante database is replaced by that backup.
restore-plan-volume-create = The instance creates a gp3 volume from { $snapshot } in { $zone ->
        [unknown] an unknown zone
       *[other] { $zone }
    }.
restore-plan-volume-swap = It stops estante-server, swaps the new volume in for its data volume (/var/lib/estante) and starts the server again.
restore-plan-volume-kept = The old data volume, { $volume ->
        [unknown] not found
       *[other] { $volume }
    }, is detached and kept, tagged with the instance and the new volume's id.
restore-plan-point-unchecked = The recovery point could not be checked; see the failed checks.
restore-plan-automation = Systems Manager Automation runs the { $runbook } runbook, which calls AWS Backup StartRestoreJob for { $kind } recovery point { $arn } (vault { $vault }, created { $created ->
        [unknown] at an unknown time
       *[other] { $created }
    }).
restore-plan-creates-database = AWS Backup assumes { $role } and creates a new RDS DB instance named { $name } in { $zone ->
        [unknown] an unknown zone
       *[other] { $zone }
    }.
restore-plan-creates-instance = AWS Backup assumes { $role } and creates a new EC2 instance from the recovery point, in the subnet its metadata names.
restore-plan-creates-volume = AWS Backup assumes { $role } and creates a new EBS volume in { $zone ->
        [unknown] an unknown zone
       *[other] { $zone }
    }, the zone of { $instance }.
restore-plan-nothing-changed = No existing volume, instance or database is changed, stopped or attached to.
restore-plan-type-to-confirm = Type { $confirmation } to confirm.
restore-aws-http-status = the service returned HTTP { $status } without an error code it could parse
restore-aws-http-no-operation = { $endpoint } answered HTTP 404 without an AWS error: it does not offer this operation, as an emulator that lacks it would
restore-aws-no-credentials = no AWS credentials were found: no keys in the environment, and no profile that provides them
restore-aws-credentials-failed = the credentials could not be loaded: { $cause }
restore-aws-profile-no-credentials = profile { $profile } gave no credentials: no AWS config or credentials file defines it with keys
restore-aws-profile-undefined = profile { $profile } is not defined in the AWS config or credentials file
restore-aws-connection-refused = could not connect to { $endpoint }: connection refused
restore-aws-connection-timed-out = could not connect to { $endpoint }: connection timed out
restore-aws-connection-reset = could not connect to { $endpoint }: connection reset
restore-aws-connection-failed = could not connect to { $endpoint }: { $cause }
restore-aws-request-timed-out = the request to { $endpoint } timed out
restore-aws-response-unreadable = the response from { $endpoint } could not be read: { $cause }
restore-config-no-region = no AWS region: pass --region, set AWS_REGION, or set `region` in the profile
restore-config-bad-region = AWS region { $region } is invalid: expected lowercase letters, digits and hyphens, such as eu-west-1; check --region, AWS_REGION and `region` in the profile
restore-config-endpoint-credentials = endpoint URL { $url } carries a user name or password, which would be written to messages and the audit log; remove them: AWS credentials come from the profile or the environment
restore-config-endpoint-port = endpoint URL { $url } is invalid: port { $port } is not a number from 1 to 65535
restore-config-endpoint-query = endpoint URL { $url } has a query or a fragment, which the AWS SDK would write to its log; give the URL without them
restore-config-endpoint-url = endpoint URL { $url } is invalid: give http:// or https:// and a host, such as http://127.0.0.1:5000
restore-partial-both = { $earlier }; { $reason }
restore-partial-page = page { $page } of { $operation } failed, with { $rows ->
        [1] 1 row
       *[other] { $rows } rows
    } read before it: { $error }
restore-partial-status-checks = status checks unavailable: { $error }
restore-partial-ssm-agents = SSM agent state unavailable: { $error }
restore-partial-attachments = volume attachments incomplete, so instances after the failure were not checked for snapshots: { $reason }
restore-partial-vaults = vault list incomplete: { $reason }
restore-partial-vault = vault { $vault }: { $error }
restore-progress-not-registered = SSM has not registered the restore yet
restore-progress-poll-retrying = poll failed, retrying: { $error }
restore-progress-step = step { $step }
restore-progress-timed-out = restore { $execution } to finish (it keeps running in AWS; last status { $status })
restore-input-metric-period = metric period { $seconds } s is invalid: use a positive multiple of 60
restore-input-metric-window = metric window of { $seconds } s is invalid: use more than 0 and at most 455 days, as long as CloudWatch keeps data points
restore-input-instance-id = instance id { $instance } is invalid: expected i- and 8 or 17 lowercase hex digits, such as i-0123456789abcdef0
restore-input-snapshot-id = snapshot id { $snapshot } is invalid: expected snap- and 8 or 17 lowercase hex digits, such as snap-0123456789abcdef0
restore-input-backup-key = backup key { $key } is invalid: use 1 to 512 letters, digits or ._/:+=@-
restore-check-aws-failed = { $code }: { $message } ({ $action }, { $region }){ $kind ->
        [endpoint] ; check the network, --endpoint-url and AWS_ENDPOINT_URL* variables
        [credentials] ; check the credentials of profile { $profile }: run `aws sso login --profile { $profile }` if it uses SSO, or refresh its keys or its credential_process, then retry
        [access-denied] ; the caller is missing the IAM action { $action } (granted by { $policy })
        [throttled] ; the SDK's standard retries with back-off gave up; wait a minute and refresh
       *[other] {""}
    }
restore-check-call-failed = { $error }
restore-check-invalid-input = invalid request: { $reason }
restore-check-restores-enabled = restores enabled
restore-check-restores-allowed = this configuration allows restores
restore-check-restores-disabled = restores are disabled in this configuration: pass --enable-restores or set restores_enabled = true under [ops]
restore-check-snapshot-completed = snapshot completed
restore-check-snapshot-not-found = { $snapshot } was not found in { $region }
restore-check-snapshot-is-completed = { $snapshot } is completed
restore-check-snapshot-not-completed = { $snapshot } is { $state }, not completed
restore-check-caller = caller known
restore-check-caller-arn = { $arn }
restore-check-instance-exists = instance exists
restore-check-instance-found = { $instance } is { $state ->
        [unknown] in an unknown state
       *[other] { $state }
    } in { $zone ->
        [unknown] an unknown zone
       *[other] { $zone }
    }
restore-check-instance-not-returned = { $instance } was not returned by DescribeInstances
restore-check-instance-gone = { $instance } is { $state } and cannot run a restore; restore onto the instance that holds the library now
restore-check-no-restore-running = no restore running
restore-check-restore-running = { $command } ({ $document }) is { $status } on { $instance }; wait for it to end (estante ops commands --instance { $instance })
restore-check-no-restore-found = no estante restore command is pending or in progress on { $instance }
restore-check-ssm-online = SSM agent online
restore-check-ssm-unmanaged = { $instance } is not managed by Systems Manager (no SSM agent registered)
restore-check-ssm-not-running = { $instance } is { $state }, and Run Command reaches running instances only; start it, wait for its agent to come online, and plan the restore again
restore-check-ssm-ping = agent { $version ->
        [unknown] of unknown version
       *[other] { $version }
    } reports { $ping }
restore-check-point-completed = recovery point completed
restore-check-point-status = status is { $status }
restore-check-point-type = resource type { $kind } is not supported: use EBS, EC2 or RDS
restore-check-point-found = { $kind } recovery point in vault { $vault }
restore-check-metadata = restore metadata
restore-check-metadata-read = keys read: { $count }
restore-check-dry-run = EC2 DryRun CreateVolume
restore-check-dry-run-not-snapshot = { $arn } does not name an EBS snapshot
restore-check-dry-run-no-zone = the instance's availability zone is unknown
restore-check-dry-run-ok = a volume from { $snapshot } can be created in { $zone }
restore-check-dry-run-created = EC2 created a volume although DryRun was set; delete it by hand
restore-check-snapshot-point = snapshot is a recovery point
restore-check-data-volume = snapshot of the data volume
restore-check-data-volume-missing = { $instance } has no volume at { $device }, the estante data volume that the restore replaces; restore onto the instance that holds the library
restore-check-data-volume-copied = { $snapshot } names no source volume, as a copied snapshot does; it replaces { $volume }
restore-check-data-volume-same = { $snapshot } was taken of { $volume }, the data volume of { $instance }
restore-check-data-volume-other = { $snapshot } was taken of { $source }, which is attached to { $instance } at { $device }, not of { $volume }, the data volume of { $target }; pick a snapshot of the data volume
restore-check-data-volume-earlier = { $snapshot } was taken of { $source }, an earlier data volume of { $target } that a restore detached; it replaces { $volume }
restore-check-data-volume-not-ours = { $snapshot } was taken of { $source }, a detached data volume of { $owner ->
        [unknown] an instance it does not name
       *[other] { $owner }
    }, not of { $target }; pick a snapshot of { $volume }, the data volume of { $target }, or of one that a restore of { $target } detached
restore-check-data-volume-deleted = { $snapshot } was taken of { $source }, which no longer exists, so whose volume it was cannot be checked; it replaces { $volume }, which is kept
restore-check-data-volume-foreign = { $snapshot } was taken of { $source }, which is detached and has no { $tag } tag, so it was never an estante data volume; pick a snapshot of { $volume }, the data volume of { $target }
restore-check-snapshot-no-volume = { $snapshot } has no source volume
restore-check-snapshot-point-found = { $arn } in vault { $vault }
restore-check-snapshot-point-missing = AWS Backup holds no recovery point for { $snapshot } of { $volume }
restore-check-restore-role = restore role
