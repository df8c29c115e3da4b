# Mensagens em português do Brasil do app de terminal estante e da linha de comando.
# Todo id daqui deve estar também em ../en/estante.ftl (o teste do catálogo confere).

## Abas, barra de status, janelas e a ajuda.
# Os nomes das abas cabem juntos em 80 colunas (79 com os números e espaços).

tab-library = Biblioteca
tab-book = Livro
tab-add = Novo
tab-labels = Estantes
tab-stats = Estatísticas
tab-transfer = Imp./Exp.
tab-ops = Ops

help-screen-keys = Teclas: { $screen }
help-no-keys = (nenhuma tecla própria)
help-everywhere = Em qualquer tela
help-text-fields = Campos de texto: digite, ←/→ Home/End, Ctrl-w apaga uma palavra, Enter confirma, Esc cancela.
help-title = { " " }Ajuda · j/k rola · outra tecla fecha{ " " }

status-full-text = { "  " }! texto completo
hint-new-line = nova linha
hint-confirm = confirmar
popup-any-key-closes = Tecle algo para fechar.
confirm-title = Confirmar
confirm-keys = s: sim    outra tecla: não
conflict-title = Alterado por outra pessoa
conflict-keys =
    r: recarregar e descartar minha alteração
    o: sobrescrever com minha alteração
    Esc: continuar editando
conflict-keys-entry =
    r: recarregar e descartar minha alteração
    o: sobrescrever com minha alteração
    Esc: cancelar minha alteração
conflict-keys-delete =
    r: recarregar e manter
    o: excluir mesmo assim, com o que mudou
    Esc: manter
input-keys = Enter: salvar   Esc: cancelar
palette-title = Comando
palette-no-such-shelf = Não há estante chamada “{ $name }”; Tab completa os nomes que existem
palette-no-such-tag = Não há tag chamada “{ $name }”; Tab completa os nomes que existem
picker-keys-toggle = Espaço/Enter: marcar  n: nova  Esc: pronto
picker-keys-reading = Enter: editar datas  D: excluir  Esc: cancelar
picker-keys-choose = Enter: escolher  Esc: cancelar

## Status de leitura como exibidos. Os nomes da API (want_to_read, ...) não mudam.

status-want-to-read = quero ler
status-reading = lendo
status-read = lido
status-did-not-finish = abandonado
status-paused = pausado
status-short-want-to-read = a ler
status-short-reading = lendo
status-short-read = lido
status-short-did-not-finish = aband.
status-short-paused = pausado
status-labels = quero ler, lendo, lido, abandonado ou pausado
status-api-names = want_to_read, reading, read, did_not_finish ou paused
status-unknown = { $input } não é um status de leitura; use quero ler, lendo, lido, abandonado ou pausado (sem distinção de maiúsculas; também valem os nomes da API, { $names }, e apelidos como to-read, dnf e finished)

## A paleta de comandos

palette-unknown-command = comando desconhecido { $name }; Tab completa os nomes dos comandos
palette-needs-argument = { $name } precisa de { $argument }
palette-bad-status = { $error }; todos mostra todos os status
palette-bad-column = { $column } não é uma coluna; use { $columns }
palette-bad-order = { $order } não é uma ordem; use { $asc } ou { $desc }
palette-bad-year = { $year } não é um ano

## Ajuda das teclas (a janela ?) e dicas da barra de status

key-move-down = descer
key-page-down = página abaixo
key-page-up = página acima
key-go-to-the-top = ir para o topo
key-go-to-the-bottom = ir para o fim
key-quit = sair
hint-quit = sair
key-command-palette = paleta de comandos
hint-commands = comandos
key-show-the-last-message-or-error = mostrar a última mensagem ou erro por inteiro
key-previous-tab = aba anterior
key-library-tab = aba Biblioteca
key-book-tab = aba Livro
key-add-tab = aba Novo (adicionar um livro)
key-shelves-and-tags-tab = aba Estantes (estantes e tags)
key-stats-tab = aba Estatísticas
key-import-export-tab = aba Imp./Exp. (importar e exportar)
key-ops-tab = aba Ops
key-open-the-book = abrir o livro
hint-open = abrir
key-filter-as-you-type-fuzzy = filtrar enquanto digita (aproximado)
hint-filter = filtrar
key-filter-the-instances = filtrar as instâncias por id, nome, estado, tipo, zona, endereço ou valor de tag
key-full-text-search-on-the-server = busca de texto completo no servidor
hint-search = buscar
key-sort-by-the-next-column = ordenar pela próxima coluna
hint-sort = ordenar
key-reverse-the-sort-order = inverter a ordem
key-cycle-the-status-filter = alternar o filtro de status
hint-status = status
key-clear-filter-search-status-shelf-tag = limpar filtro, busca, status, estante, tag
key-rating-up-star = avaliação +¼ estrela
hint-rate-plus = nota+
key-rating-down-star = avaliação −¼ estrela
hint-rate-minus = nota−
key-type-a-rating-0-25-to = digitar uma avaliação (0,25 a 5 estrelas; 0 apaga)
hint-rate = nota
key-set-the-status = definir o status
key-write-the-review = escrever a resenha
hint-review = resenha
hint-year-review = retrospectiva
key-start-a-new-reading-today = começar uma nova leitura hoje
key-finish-the-reading-today = terminar a leitura hoje
key-stop-the-reading-today = parar a leitura hoje
key-edit-a-reading-s-dates-or = editar as datas de uma leitura ou excluí-la
key-shelves-of-this-book = estantes deste livro
key-scroll-down = rolar para baixo
key-scroll-up = rolar para cima
key-next-field = próximo campo
key-previous-field = campo anterior
key-edit-the-field = editar o campo
hint-edit = editar
key-save = salvar
hint-save = salvar
key-cancel-the-edit = cancelar a edição
hint-cancel = cancelar
hint-close = fechar
key-look-up-the-isbn = buscar o ISBN
hint-isbn-lookup = buscar ISBN
key-clear-the-form = limpar o formulário
key-column-to-the-left = coluna à esquerda
key-column-to-the-right = coluna à direita
key-show-the-books-open-the-book = mostrar os livros / abrir o livro
key-move-the-book-to-another-shelf = mover o livro para outra estante ou tag
hint-move = mover
key-show-these-books-in-the-library = mostrar estes livros na Biblioteca
key-previous-year = ano anterior
hint-year-minus = ano−
key-next-year = próximo ano
hint-year-plus = ano+
key-set-the-yearly-goal = definir a meta do ano
hint-goal = meta
key-year-in-review = retrospectiva do ano
key-export-the-year-in-review-as = exportar a retrospectiva em Markdown
key-choose-a-file-to-import = escolher um arquivo para importar
hint-import = importar
key-choose-where-to-export = escolher onde exportar
hint-export = exportar
key-switch-the-export-format = trocar o formato de exportação
key-switch-the-import-format = trocar o formato de importação: detectado, ou um informado
hint-format = formato
key-which-report-rows-to-show = quais linhas do relatório mostrar
hint-rows = linhas
key-previous-view = visão anterior
key-next-view = próxima visão
key-instances = instâncias
key-alarms = alarmes
key-snapshots-and-volumes = snapshots e volumes
key-backups = backups
key-ssm-commands = comandos SSM
key-metrics-of-the-instance-an-alarm = métricas da instância; a instância de um alarme; a saída de um comando
hint-metrics = métricas
key-restore-the-selected-snapshot-or-recovery = restaurar o snapshot ou ponto de recuperação selecionado
hint-restore = restaurar
key-reload-the-view = recarregar a visão
hint-reload = recarregar
key-move-up = subir
key-help = ajuda
hint-help = ajuda
key-back-close = voltar, fechar
key-next-tab = próxima aba
key-add-a-book = adicionar um livro
key-reload = recarregar
key-edit-every-field = editar todos os campos
key-tags-of-this-book = tags deste livro
key-upload-a-cover-image = enviar uma imagem de capa
key-delete-the-book = excluir o livro
key-new-shelf-or-tag = nova estante ou tag
hint-new = nova
key-rename = renomear
hint-rename = renomear
key-delete = excluir
hint-delete = excluir
key-take-the-book-off = tirar o livro
key-this-year = este ano
key-all-time = desde sempre
hint-all-time = geral
key-row-details = detalhes da linha

## Descrições da paleta de comandos e nomes dos argumentos

palette-library = ir para a Biblioteca
palette-book = ir para o livro aberto
palette-add = adicionar um livro
palette-shelves = estantes e tags
palette-stats = estatísticas
palette-arg-path = CAMINHO
palette-import = importar um arquivo exportado
palette-export = exportar a biblioteca para um arquivo
palette-ops = a frota AWS
palette-arg-name = NOME
palette-profile = trocar o perfil AWS; padrão o restaura
palette-region = trocar a região AWS; padrão a restaura
palette-arg-text = TEXTO
palette-filter = filtro aproximado da Biblioteca
palette-search = busca de texto completo no servidor
palette-arg-status-all = STATUS|todos
palette-status = mostrar um status
palette-arg-name-all = NOME|todos
palette-shelf = mostrar uma estante
palette-tag = mostrar uma tag
palette-arg-column-asc-desc = COLUNA [cresc|decresc]
palette-sort = ordenar a Biblioteca
palette-clear = limpar filtro, busca, status, estante, tag
palette-reload = recarregar a tela atual
palette-arg-year-all = ANO|todos
palette-year = estatísticas de um ano
palette-arg-goal = N [livros|páginas]
palette-goal = a meta do ano exibido em livros ou páginas
palette-help = teclas desta tela
palette-quit = sair do estante
palette-name-library = biblioteca
palette-name-book = livro
palette-name-add = adicionar
palette-name-shelves = estantes
palette-name-stats = estatísticas
palette-name-import = importar
palette-name-export = exportar
palette-name-ops = ops
palette-name-profile = perfil
palette-name-region = região
palette-name-filter = filtrar
palette-name-search = buscar
palette-name-status = status
palette-name-shelf = estante
palette-name-tag = tag
palette-name-sort = ordenar
palette-name-clear = limpar
palette-name-reload = recarregar
palette-name-year = ano
palette-name-goal = meta
palette-name-help = ajuda
palette-name-quit = sair
palette-word-all = todos
palette-word-default = padrão
palette-word-asc = cresc
palette-word-desc = decresc

## Mensagens do app e das janelas

picker-set-status = Definir o status
prompt-new-shelf-for-book = Nova estante para este livro
prompt-new-tag-for-book = Nova tag para este livro
prompt-name-missing = Digite um nome, ou tecle Esc para cancelar.
rating-not-a-number = { $text } não é um número de estrelas; digite um como 4,25, ou 0 para apagar
rating-out-of-range = a nota { $stars } não está entre 0,25 e 5 estrelas
rating-not-quarter = a nota { $stars } não é múltiplo de um quarto de estrela (use 0,25, 0,5, ... 5)
cancelled = Cancelado
conflict-reloaded = Recarregado; sua alteração não foi salva
conflict-cancelled = Cancelado; sua alteração não foi salva, e o livro mostra a cópia salva
# A tecla, além de y, que responde sim na janela de confirmação.
confirm-yes-key = s
last-message-title = Última mensagem
last-error-title = Último erro
no-message-yet = Nenhuma mensagem ainda
no-book-open = Nenhum livro aberto; escolha um na Biblioteca e tecle Enter
failed = Falhou: { $error }
review-exported = Retrospectiva gravada em { $path } ({ $bytes } bytes)
review-export-failed = Falha ao gravar a retrospectiva em { $path }: { $error }
goal-saved = Meta de { $year } salva
goal-removed = Meta de { $year } removida
goal-save-failed = Falha ao salvar a meta: { $error }

## Erros do keys.toml e início do app

keys-line = linha { $line }: { $message }
keys-read-failed = falha ao ler { $path }: { $error }
keys-invalid-toml = TOML inválido: { $error }
keys-unknown-table = tabela desconhecida [{ $table }]; use uma de { $names }
keys-not-a-table = { $table } deve ser uma tabela como [{ $table }]
keys-unknown-action = [{ $table }] não tem a ação { $action }; use uma de { $names }
keys-not-a-string = toda tecla deve ser um texto
keys-wrong-type = esperava uma tecla como "x" ou uma lista como ["x", "F2"]
keys-empty-list = a lista não tem teclas; dê pelo menos uma
keys-not-a-key = { $text } não é uma tecla; use um caractere (x, G), ctrl-x, Enter, Esc, Tab, Shift-Tab, Space, uma seta (Up, Down, Left, Right), Home, End, PgUp, PgDn ou F1 a F12
keys-bound-twice = { $key } está ligada a { $first } e a { $second } em [{ $table }]
keys-hides-global = { $key } em [{ $table }] ({ $action }) esconde a tecla global { $global }; escolha outra tecla
keys-file-ignored = { $path } não foi usado, então valem as teclas padrão: { $errors }
server-embedded = servidor embutido
waiting-for-writes = Aguardando salvar as alterações em andamento…
file-read-failed = falha ao ler { $path }: { $error }
file-write-failed = falha ao gravar { $path }: { $error }
folder-create-failed = falha ao criar { $path }: { $error }

## Biblioteca

column-title = título
column-authors = autores
column-series = série
column-status = status
column-rating = nota
column-read = lido
# Títulos das colunas: Status cabe em 7 colunas, Nota em 6 e Lido em 4.
heading-title = Título
heading-authors = Autores
heading-series = Série
heading-status = Status
heading-rating = Nota
heading-read = Lido
filter-search = busca “{ $text }”
filter-status = status { $status }
filter-shelf = estante { $shelf }
filter-tag = tag { $tag }
library-load-failed-status = Falha ao carregar a biblioteca: { $error }. Tecle r para tentar de novo.
sort-ascending = crescente
sort-descending = decrescente
sorted-by = Ordenado por { $column } ({ $direction })
# Português usa o plural para zero ("0 livros"), mas a regra CLDR de pt conta 0 como
# "one"; por isso as variantes usam [1] e não [one].
library-count =
    { $count ->
        [1] { $count } livro
       *[other] { $count } livros
    }
library-count-at-least = { $count }+ livros
library-matching = filtrando…
library-shown = { $count ->
        [1] 1 exibido
       *[other] { $count } exibidos
    }
library-loading-progress = carregando { $loaded } de { $total }
library-loading = carregando…
library-best-match = melhor resultado primeiro
library-sort = ordem: { $column } { $arrow }
library-load-failed =
    Falha ao carregar a biblioteca: { $error }
    Tecle r para tentar de novo.
library-loading-yours = Carregando sua biblioteca…
library-no-match-filter = Nenhum livro corresponde a “{ $filter }”. Tecle / para mudar o filtro ou Esc para limpá-lo.
library-no-match-search = Nenhum livro corresponde à busca e aos filtros. Tecle c para limpá-los.
library-empty =
    Sua biblioteca está vazia.
    Tecle 6 para importar um arquivo do Goodreads, StoryGraph ou LibraryThing,
    ou 3 para adicionar um livro à mão.
library-search-prompt = busca:{ " " }

## Livro

book-load-failed =
    Falha ao carregar o livro: { $error }
    Tecle r para tentar de novo.
book-none-open = Nenhum livro aberto. Escolha um na Biblioteca (1) e tecle Enter.
book-loading = Carregando o livro…
book-editing-reading = Editando uma leitura de “{ $title }”
book-editing = Editando “{ $title }”
book-review-title = { " " }Resenha · Ctrl-s salva · Esc cancela{ " " }
book-unknown-author = desconhecido
book-by = por { $authors }
book-series = Série: { $series }
# Rótulos do cabeçalho do livro; os valores se alinham uma coluna depois do mais largo.
book-label-status = Status
book-label-rating = Avaliação
book-not-rated = sem nota
book-label-shelves = Estantes
book-label-tags = Tags
role-author = autor
role-translator = tradutor
role-editor = editor
role-narrator = narrador
role-illustrator = ilustrador
role-foreword = prefácio
role-other = outro
book-pages = { $pages ->
        [1] 1 página
       *[other] { $pages } páginas
    }
book-year-first = { $year } (1ª ed. { $first })
book-added = adicionado em { $date }
book-owned =
    { $copies ->
        [1] { $copies } exemplar
       *[other] { $copies } exemplares
    }
book-readings-heading = Leituras  (n começar · f terminar · x parar · d editar)
book-no-readings = nenhuma ainda
reading-started-on = começou em { $date }
reading-finished-on = terminou em { $date }
reading-stopped-on = parou em { $date }
reading-in-progress = em andamento
reading-undated = sem datas
reading-page = página { $page }
book-review-heading = Resenha  (w escrever)
book-review-heading-spoilers = Resenha (contém spoilers)  (w escrever)
book-private-notes = Notas privadas
book-description = Descrição
book-none = nenhuma

## Formulários do Livro e de Adicionar

field-title = Título
field-title-hint = obrigatório
field-subtitle = Subtítulo
field-contributors = Colaboradores
field-contributors-hint = Nome; Nome (tradutor) — papéis: autor, tradutor, editor, narrador, ilustrador, prefácio, outro
field-series = Série
field-series-hint = Nome #posição, como Discworld #2.5
field-isbn-13 = ISBN-13
field-isbn-13-hint = 13 dígitos
field-isbn-10 = ISBN-10
field-isbn-10-hint = 10 caracteres; preenchido a partir de um ISBN-13 978
field-asin = ASIN
field-goodreads-id = Id Goodreads
field-librarything-id = Id LibraryThing
field-publisher = Editora
field-format = Formato
field-format-hint = como brochura ou e-book
field-pages = Páginas
field-pages-hint = um número inteiro
field-published = Publicado
field-published-hint = ano desta edição
field-first-published = 1ª publicação
field-first-published-hint = ano; negativo antes da era comum
field-language = Idioma
field-description = Descrição
field-description-hint = várias linhas
field-rating = Avaliação
field-rating-hint = estrelas em quartos, de 0,25 a 5; vazio para nenhuma
field-review-spoiler = Contém spoiler
field-review-spoiler-hint = sim ou não
field-private-notes = Notas privadas
field-private-notes-hint = várias linhas
field-owned-copies = Exemplares
field-owned-copies-hint = um número inteiro
field-date-added = Adicionado em
field-date-added-hint = AAAA, MM/AAAA ou DD/MM/AAAA (ou AAAA-MM-DD)
field-isbn = ISBN
field-isbn-hint = ISBN-10 ou -13; Ctrl-l busca
field-isbn-hint-no-lookup = ISBN-10 ou -13
field-status = Status
form-editing-keys = Enter/Esc pronto · Tab próximo · Ctrl-s salva
form-text-title = { " " }{ $label } · Esc pronto · Ctrl-s salva{ " " }
answer-yes = sim
answer-no = não
not-a-whole-number = { $text } não é um número inteiro
number-too-large = { $text } é grande demais; o maior número é { $max }
number-out-of-range = { $text } não está entre { $min } e { $max }
role-unknown = { $role } não é um papel; use autor, tradutor, editor, narrador, ilustrador, prefácio ou outro
date-invalid = data inválida { $text }; use AAAA, MM/AAAA ou DD/MM/AAAA
date-no-such-day = { $text } não é um dia do calendário; confira o dia e o mês
date-month-range = { $text } tem um mês fora de 1 a 12; confira o mês
date-in-future = { $date } é depois de hoje ({ $today }); confira o ano
title-required = o título é obrigatório
not-yes-or-no = { $text } não é sim nem não

## Mensagens do livro e leituras

readings-title = Leituras
field-started = Início
field-finished = Término
field-stopped = Interrupção
field-stopped-hint = use no lugar do Término quando desistiu ou pausou
reading-date-hint = 2024, 03/2024 ou 18/03/2024; vazio para nenhuma
reading-finished-and-stopped = uma leitura ou termina ou para; esvazie um dos dois
reading-gone = Essa leitura não existe mais; tecle r para recarregar o livro
reading-delete-confirm = Excluir a leitura { $reading }?
nothing-changed = Nada mudou
reading-gone-unsaved = Esta leitura foi apagada em outro lugar, então a sua alteração nela não foi salva
book-gone = O livro { $id } não está mais na biblioteca: foi apagado em outro lugar
book-gone-unsaved = O livro { $id } foi apagado em outro lugar, então sua mudança nele não foi salva
book-unsaved-load-failed = Sua alteração não foi salva, e o livro não pôde ser recarregado: { $error }. Tecle r para tentar de novo.
book-load-failed-status = Falha ao carregar o livro: { $error }. Tecle r para tentar de novo.
rating-prompt = Avaliação em estrelas (0,25 a 5, 0 apaga)
reading-already-open = Já há uma leitura em andamento; tecle f para terminá-la ou x para pará-la
reading-finish-without-start = Nenhuma leitura em andamento aqui. Terminar o livro hoje ({ $today }) e mudar o status para lido? Uma leitura começada em outro lugar nesse meio-tempo é terminada; senão, uma é adicionada sem data de início.
reading-none-open = Nenhuma leitura em andamento; tecle n para começar uma
reading-stopped = Leitura parada; tecle s para mudar o status para pausado ou abandonado
reading-started = Leitura começada hoje
reading-finished = Leitura terminada hoje
readings-none = Nenhuma leitura ainda; tecle n para começar uma
picker-book-shelves = Estantes deste livro
picker-book-tags = Tags deste livro
book-delete-confirm = Excluir “{ $title }” com suas leituras, resenha e notas?
edit-cancelled = Edição cancelada
quit-unsaved = Há alterações não salvas: saia de novo para descartá-las, ou salve-as antes (Ctrl-s)
form-esc-again = Tecle Esc de novo para descartar as mudanças; Ctrl-s as salva
review-not-saved = Resenha não salva
review-esc-again = Tecle Esc de novo para descartar a resenha; Ctrl-s a salva
review-saved = Resenha salva
book-changed-before-delete = Este livro foi alterado em outro lugar depois que você o carregou (campos, status, nota, resenha, anotações ou leituras), então ainda não foi excluído.
book-changed-elsewhere = Este livro foi alterado em outro lugar depois que você o carregou, então sua mudança ainda não foi salva.
save-failed = Falha ao salvar: { $error }
saved = Salvo
book-deleted = { $title } excluído
reading-saved = Leitura salva
reading-deleted = Leitura excluída

## Capas dos livros

cover-loading = Carregando a capa…
cover-missing = Sem capa
cover-draw-failed = não foi possível desenhar a capa ({ $error })
cover-prompt = Arquivo da capa (JPEG ou PNG)
cover-uploaded = Capa enviada de { $path }
cover-upload-failed = Falha ao enviar a capa: { $error }
cover-none = sem capa
cover-damaged = a imagem da capa está danificada ou num formato não suportado ({ $error })
cover-load-failed = não foi possível carregar a capa: { $error }
cover-not-an-image = { $path } não é uma imagem JPEG ou PNG
cover-file-damaged = { $path } está danificado ou incompleto ({ $error }); salve a imagem de novo e tente outra vez
cover-jpeg-cut = o JPEG termina antes do marcador de fim da imagem
cover-png-damaged = um bloco do PNG tem a soma de verificação errada, ou o arquivo termina antes do último bloco
cover-jpeg-too-little-data = o JPEG declara { $width } × { $height } pixels, mas tem dados para muito menos
cover-file-too-many-pixels = { $path } tem { $width } × { $height } pixels, mais de { $max } de lado; reduza a imagem e tente outra vez
cover-file-too-much-memory = { $path } tem { $width } × { $height } pixels e precisa de { $mib } MiB para ser decodificado, mais que { $max } MiB; reduza a imagem ou salve-a com 8 bits por canal
cover-too-large = { $path } tem { $size } bytes; uma capa pode ter no máximo { $limit } bytes. Salve uma imagem menor e tente de novo.
import-too-large = { $file } tem { $size } bytes; uma importação pode ter no máximo { $limit } bytes. Divida o arquivo em partes menores e importe cada uma.
covers-off = as capas estão desligadas
prompt-path-missing = Digite um caminho, ou tecle Esc para cancelar.
cli-cover-book = livro
cli-cover-file = arquivo
cli-cover-type = tipo
cli-cover-bytes = bytes
cli-cover-upload-failed = falha ao enviar a capa do livro { $id }
cli-delete-failed = não foi possível apagar o livro { $id }
cli-delete-needs-yes = o livro { $id } não foi apagado: não há terminal para perguntar; passe --yes para apagá-lo
cli-delete-confirm = Apagar o livro { $id }, “{ $title }”, com as leituras e a capa? [s/N]
cli-delete-changed = O livro { $id }, “{ $title }”, mudou depois de lido (campos, status, nota, resenha, anotações ou leituras), então nada foi excluído. Rode o comando de novo para vê-lo como está agora.
cli-deleted = Livro { $id } apagado, “{ $title }”
cli-merge-failed = falha ao juntar o livro { $from } ao livro { $id }
cli-merge-not-kept = Valores do livro { $from } que não foram mantidos, porque este livro tinha os seus:

## Adicionar

isbn-missing = Digite um ISBN primeiro
isbn-lookup-off = A busca de ISBN está desligada (defina openlibrary_url no config.toml); preencha o formulário à mão
isbn-found = Encontrado “{ $title }”; confira o formulário e tecle Ctrl-s para salvar
isbn-not-found = Nenhum registro para o ISBN { $isbn }; preencha o formulário à mão
isbn-lookup-failed = { $error }; preencha o formulário à mão
book-added-message = Adicionado “{ $title }”
book-add-failed = Falha ao adicionar o livro: { $error }
add-looking-up = buscando o ISBN…
add-lookup-key = Ctrl-l busca o ISBN
add-lookup-off = busca de ISBN desligada: defina openlibrary_url no config.toml
add-title = Adicionar um livro
add-keys = Enter edita um campo · Ctrl-s salva · { $lookup }

## Estantes e tags. $kind é shelf (estante) ou tag.

labels-failed = falhou: { $error }
labels-none-yet = nenhuma ainda; n cria uma
labels-loading = carregando…
labels-books-with =
    { $kind ->
        [shelf] Livros na estante { $name } ({ $count })
       *[tag] Livros com a tag { $name } ({ $count })
    }
labels-books = Livros
labels-books-hint = Enter numa estante ou tag lista seus livros
labels-no-books = nenhum livro
labels-shelves-count = Estantes ({ $count })
labels-tags-count = Tags ({ $count })
labels-load-failed = Falha ao carregar estantes e tags: { $error }
labels-books-load-failed = Falha ao carregar os livros de { $name }: { $error }
label-new =
    { $kind ->
        [shelf] Nova estante
       *[tag] Nova tag
    }
label-rename =
    { $kind ->
        [shelf] Renomear a estante “{ $name }”
       *[tag] Renomear a tag “{ $name }”
    }
label-delete-confirm =
    { $kind ->
        [shelf] Excluir a estante “{ $name }”? { $count ->
            [0] Ela está vazia.
            [1] Seu 1 livro continua na biblioteca.
           *[other] Seus { $count } livros continuam na biblioteca.
        }
       *[tag] Excluir a tag “{ $name }”? { $count ->
            [0] Nenhum livro a tem.
            [1] Seu 1 livro continua na biblioteca.
           *[other] Seus { $count } livros continuam na biblioteca.
        }
    }
labels-choose-book = Escolha antes um livro na coluna da direita
label-no-other =
    { $kind ->
        [shelf] Não há outra estante para onde mover; tecle n para criar uma
       *[tag] Não há outra tag para onde mover; tecle n para criar uma
    }
label-move-title = Mover “{ $title }” de { $name } para
label-created =
    { $kind ->
        [shelf] Estante “{ $name }” criada
       *[tag] Tag “{ $name }” criada
    }
label-renamed =
    { $kind ->
        [shelf] Estante renomeada para “{ $name }”
       *[tag] Tag renomeada para “{ $name }”
    }
label-deleted =
    { $kind ->
        [shelf] Estante { $name } excluída
       *[tag] Tag { $name } excluída
    }
label-moved = { $title } movido para { $name }
label-move-failed = Falha ao mover { $title } para { $name }: { $error }
label-changed-elsewhere = { $name } foi alterada em outro lugar depois que você a carregou, então sua mudança ainda não foi salva.
labels-changed-elsewhere = Uma estante ou tag foi alterada em outro lugar depois que você a carregou, então sua mudança ainda não foi salva.

## Estatísticas e retrospectiva do ano

stats-all-time = desde sempre
stats-title = Estatísticas · { $period }
stats-keys = ←/→ ano · a geral · y este ano · g meta · v retrospectiva
stats-load-failed =
    Falha ao carregar as estatísticas: { $error }
    Tecle r para tentar de novo.
stats-load-failed-status = Falha ao carregar as estatísticas: { $error }. Tecle r para tentar de novo.
stats-loading = Carregando as estatísticas…
stats-books-by-status = Livros por status
stats-top-shelves = Estantes principais
stats-books-per-month = Livros por mês
stats-pages-per-month = Páginas por mês
stats-top-authors = Autores mais lidos
stats-ratings = Avaliações
stats-average = média { $average }★
stats-missing-pages = { $count } sem número de páginas
stats-missing-dates =
    { $count ->
        [1] { $count } lido sem data
       *[other] { $count } lidos sem data
    }
stats-missing-dates-year =
    { $count ->
        [1] { $count } lido sem data fica fora dos anos
       *[other] { $count } lidos sem data ficam fora dos anos
    }
# Doze iniciais de meses sob as barras mensais, separadas por espaços.
month-initials = J F M A M J J A S O N D
# Doze abreviações de meses, separadas por espaços.
month-abbreviations = jan fev mar abr mai jun jul ago set out nov dez
none = nenhum
goal-heading = Meta
goal-per-year = Metas são por ano; tecle ← ou y para escolher um.
goal-none = Sem meta para { $year }; tecle g para definir uma.
goal-gauge = Meta: { $done } de { $target } ({ $percent }%) · { $pace }
goal-prompt = Meta de { $year }: livros, ou páginas como 9.000 páginas (0 remove)
pace-goal-reached = meta alcançada
goal-amount-books =
    { $count ->
        [1] { $count } livro
       *[other] { $count } livros
    }
goal-amount-pages =
    { $count ->
        [1] { $count } página
       *[other] { $count } páginas
    }
goal-bad-unit = { $unit } não é uma unidade de meta; digite um número de livros, ou páginas como 9000 páginas
goal-bad-number = { $number } não é um número inteiro; digite algo como 40 ou 9.000 páginas (0 remove)
goal-too-large = { $number } é mais do que uma meta pode ser; digite no máximo { $max } (0 remove)
goal-negative = uma meta não pode ser negativa ({ $number }); 0 a remove
goal-line-books = Meta de livros
goal-line-pages = Meta de páginas
goal-line = { $label }: { $done } de { $target } ({ $percent }%)
# Digitado na janela da meta quando só há meta de páginas; a unidade deve ser uma que parse_goal aceite.
goal-prefill-pages = { $pages } páginas
pace-missed-by = faltaram { $amount }
pace-not-started = o ano ainda não começou
pace-on-schedule = no ritmo
pace-ahead = { $amount } à frente do ritmo
pace-behind = { $amount } atrás do ritmo
review-title = Retrospectiva · { $year } · e exporta estante-report-{ $year }.md
review-finished =
    { $books ->
        [1] { $books } livro terminado · { $pages } páginas
       *[other] { $books } livros terminados · { $pages } páginas
    }
review-average =
    { $rated ->
        [1] média { $average }★ ({ $rated } avaliado)
       *[other] média { $average }★ ({ $rated } avaliados)
    }
review-first = Primeiro
review-last = Último
review-longest = Mais longo
review-shortest = Mais curto
review-most-read = Mais lidos: { $authors }
review-ratings = Avaliações: { $ratings }
review-per-month = Por mês: { $months }
review-retry = Tecle v duas vezes para tentar de novo.
review-making = Gerando o relatório…
review-failed = Falha ao gerar a retrospectiva: { $error }
review-writing = Gravando a retrospectiva em { $path }…

## Importar/Exportar

transfer-import = Importar
transfer-import-keys = i escolhe um arquivo · F troca · Tab completa · Enter importa
# Rótulo antes dos campos de caminho, com espaços para os caminhos se alinharem.
transfer-file = Arquivo{ " " }
format-goodreads = CSV do Goodreads
format-archive = arquivo estante (JSON)
format-detected = detectado
format-storygraph = CSV do StoryGraph
format-librarything = LibraryThing (TSV, CSV ou JSON)
transfer-export = Exportar
transfer-format = formato: { $format }
transfer-export-keys = f troca · e edita o nome, depois Enter exporta
transfer-exporting = exportando…
transfer-idle = Lê arquivos do Goodreads, StoryGraph, LibraryThing e arquivos estante.
transfer-reading = lendo { $path }…
transfer-unknown-format = formato desconhecido
transfer-importing = importando { $kibibytes } KiB ({ $format })…
transfer-done = { $file }: { $rows ->
        [1] 1 linha
       *[other] { $rows } linhas
    } ({ $format }) · { $imported ->
        [1] 1 importada
       *[other] { $imported } importadas
    } · { $merged ->
        [1] 1 mesclada
       *[other] { $merged } mescladas
    } · { $flagged ->
        [1] 1 marcada
       *[other] { $flagged } marcadas
    } · { $rejected ->
        [1] 1 rejeitada
       *[other] { $rejected } rejeitadas
    }
import-failed = Falha na importação: { $error }
transfer-rows = Linhas: { $view } ({ $count })
transfer-rows-keys = v próxima visão · j/k move · Enter detalhes
transfer-note = nota: { $note }
transfer-no-rows = Nenhuma linha nesta visão; tecle v para outra.
transfer-no-title = sem título
rows-problems = rejeitadas e marcadas
rows-all = todas
outcome-imported = importada
outcome-merged = mesclada
outcome-flagged = marcada
outcome-rejected = rejeitada
rows-rejected = rejeitadas
rows-flagged = marcadas
rows-merged = mescladas
rows-imported = importadas
import-path-missing = Digite antes o caminho de um arquivo exportado
import-running = Já há uma importação em andamento
export-path-missing = Digite antes o caminho para onde exportar
row-title = Título: { $title }
row-why = Motivo: { $reason }
row-note = Nota: { $note }
row-book-id = Id do livro: { $id }
row-popup-title = linha { $row } · { $outcome }
import-done = Importado { $path }: { $imported ->
        [1] 1 novo
       *[other] { $imported } novos
    }, { $merged ->
        [1] 1 mesclado
       *[other] { $merged } mesclados
    }, { $flagged ->
        [1] 1 marcado
       *[other] { $flagged } marcados
    }, { $rejected ->
        [1] 1 rejeitado
       *[other] { $rejected } rejeitados
    }
export-done = Gravado { $path } ({ $bytes } bytes)
export-failed = Falha na exportação: { $error }

## Aba Ops

ops-view-instances = Instâncias
ops-view-alarms = Alarmes
ops-view-storage = Snapshots e volumes
ops-view-backups = Backups
ops-view-commands = Comandos
ops-connecting = Conectando à AWS… (Esc volta; a requisição continua)
ops-failed-connect = Falha ao conectar à AWS
ops-restores-enabled = restaurações ligadas
ops-read-only = somente leitura
ops-account = Conta AWS { $account }
ops-profile-region = perfil { $profile } · região { $region }
ops-what-to-do = O que fazer: { $advice }
ops-press-r = Tecle r para tentar de novo.
ops-loading-partial = Carregando { $view }: { $rows } até agora; verificações de status e estado do SSM vêm em seguida
ops-loading-view = Carregando { $view }… (Esc volta; a requisição continua)
ops-failed-load = Falha ao carregar { $view }
ops-incomplete-list = Lista incompleta: { $reason }
ops-command-output-loading = Lendo a saída de { $command }…
ops-command-output-title = Saída de { $command }
ops-command-output-none = O comando não indica nenhuma instância.
ops-command-output-run = { $instance }: { $status }, código de saída { $code }
ops-command-output-cut = { $count ->
        [one] (1 linha anterior não mostrada)
       *[other] ({ $count } linhas anteriores não mostradas)
    }
ops-command-output-failed = { $instance }: não foi possível ler a saída: { $error }
ops-stale = ANTIGO
ops-all-fresh = Toda instância tem um snapshot com menos de { $hours } h
ops-stale-list = { $count ->
        [one] 1 instância
       *[other] { $count } instâncias
    } sem snapshot nas últimas { $hours } h: { $instances }
ops-stale-waiting = Instâncias sem snapshot com menos de { $hours } h: aguardando a lista de instâncias
ops-loading-volumes = Carregando volumes…
ops-failed-volumes = Falha ao listar os volumes
ops-health-loading = Lendo verificações de status e estado do SSM…
ops-health-unavailable = Verificações de status e estado do SSM não lidas: { $error }
ops-vault = { $name } ({ $points ->
        [1] 1 ponto de recuperação
       *[other] { $points } pontos de recuperação
    })
ops-vault-locked = { $name } ({ $points ->
        [1] 1 ponto de recuperação
       *[other] { $points } pontos de recuperação
    }, bloqueado)
ops-no-vaults = Nenhum cofre de backup
ops-vaults = Cofres: { $vaults }
ops-metrics-title = Métricas de { $instance }, últimas 3 h
ops-loading = Carregando…
ops-failed-metrics = Falha ao ler as métricas
ops-no-data = sem dados
ops-no-agent = Sem métricas do agente do CloudWatch (memória, disco): o agente não está instalado ou não as publica.
ops-incomplete = Incompleto: { $reason }
ops-not-listed = Não foi possível listar: veja a nota acima
ops-no-instances = Nenhuma instância
ops-no-alarms = Nenhum alarme
ops-no-commands = Nenhum comando
ops-no-snapshots = Nenhum snapshot
ops-no-volumes = Nenhum volume
ops-no-recovery-points = Nenhum ponto de recuperação
ops-no-backup-jobs = Nenhuma tarefa de backup em 72 h
ops-no-restore-jobs = Nenhuma tarefa de restauração em 72 h
ops-alarm-no-instance = O alarme { $alarm } não tem a dimensão InstanceId
ops-instance-not-loaded = A instância { $instance } não está na lista carregada; tecle r para recarregar
ops-not-connected = sem conexão com a AWS
# Títulos das colunas das tabelas de Ops.
ops-col-instance = INSTÂNCIA
ops-col-name = NOME
ops-col-state = ESTADO
ops-col-type = TIPO
ops-col-zone = ZONA
ops-col-checks = CHECAGENS
ops-col-ssm = SSM
ops-col-alarm = ALARME
ops-filter-count = { $shown } de { $total } instâncias · Enter mantém o filtro, Esc o descarta
ops-filter-instances-only = Só a vista Instâncias filtra suas linhas; tecle i para abri-la
ops-col-reason = MOTIVO
ops-col-metric = MÉTRICA
ops-col-since = DESDE
ops-col-command = COMANDO
ops-col-document = DOCUMENTO
ops-col-status = STATUS
ops-col-done = FEITO
ops-col-errors = ERROS
ops-col-requested = PEDIDO
ops-col-snapshot = SNAPSHOT
ops-col-age = IDADE
ops-col-stale = ANTIGO
ops-col-volume = VOLUME
ops-col-size = TAMANHO
ops-col-vault = COFRE
ops-col-resource = RECURSO
ops-col-created = CRIADO
ops-col-job-state = ESTADO DA TAREFA
ops-col-message = MENSAGEM
ops-col-restore = RESTAURAÇÃO
ops-col-created-resource = RECURSO CRIADO

## A janela de restauração

restore-keeps-running = A restauração continua; o progresso fica na tela até ela terminar
ops-backups-target = As restaurações vão para { $instance }, a instância selecionada em Instâncias
ops-backups-no-target = As restaurações precisam de um destino: selecione antes uma instância em Instâncias
restore-select-instance = Selecione antes a instância de destino em Instâncias
restore-snapshot-instance-pending = A instância deste snapshot só é conhecida quando a lista de instâncias chegar; tente de novo depois
restore-snapshot-no-instance = { $snapshot } é de um volume que nenhuma instância listada tem, então não tem destino aqui; indique um com estante ops restore --snapshot { $snapshot } --instance ID
restore-where = Restaurações começam em Snapshots e volumes ou em Backups
restore-target-snapshot = snapshot { $snapshot } para { $instance }
restore-target-recovery-point = ponto de recuperação { $point } para { $instance }
restore-target-database = backup do banco { $backup } em { $instance }
restore-started = Restauração { $execution } iniciada
restore-cli-interrupted-prompt = Interrompido: nada foi enviado, e o log de auditoria registra a restauração como recusada.
restore-cli-interrupted-follow = Acompanhamento interrompido. A restauração { $execution } continua na AWS; `estante ops commands --instance { $instance }` e `estante ops jobs --restores` mostram como ela anda.
restore-lines-above = { $count ->
    [one] 1 linha acima está oculta; ↑ rola até ela
   *[other] { $count } linhas acima estão ocultas; ↑ rola até elas
}
restore-lines-below = { $count ->
    [one] 1 linha abaixo está oculta; ↓ ou outra tecla volta a ela
   *[other] { $count } linhas abaixo estão ocultas; ↓ ou outra tecla volta a elas
}
restore-unlogged = A restauração está em andamento, mas o log de auditoria não pôde registrá-la ({ $error })
restore-outcome-unlogged = O log de auditoria não pôde registrar como a restauração terminou ({ $error })
restore-finished = Restauração concluída
restore-ended-as = A restauração terminou como { $status }
restore-not-started = Restauração não iniciada: { $error }
restore-decline-not-logged = A restauração cancelada não pôde ser escrita no registro de auditoria: { $error }
restore-failed = A restauração falhou: { $error }
restore-cancelled = Restauração cancelada
restore-read-only = Somente leitura: inicie o estante com --enable-restores ou defina restores_enabled = true em [ops] no config.toml
restore-type-exactly = Digite { $confirmation } exatamente para começar
restore-preflight-running = Verificando antes de restaurar { $target }…
restore-title-preflight-failed = Restauração: a verificação falhou
restore-title-preflight = Restauração: verificação
restore-preflight-blocked = Uma verificação prévia falhou, então esta restauração não pode começar. Corrija o que a linha FALHA aponta e comece a restauração de novo. Esc fecha.
restore-preflight-failed = A verificação prévia falhou
esc-closes = Esc fecha.
restore-type-to-start = Digite { $confirmation } e tecle Enter para começar; Esc cancela.
restore-disabled = Somente leitura: restaurações desligadas (--enable-restores ou restores_enabled em [ops]). Esc fecha.
restore-title-confirm = Restauração: confirmar
restore-document-on = { $document } em { $instance }
restore-execution = Execução { $id }
restore-starting = Começando…
restore-following = Acompanhando até a restauração terminar; ela continua na AWS se você sair.
restore-ended = Terminou: { $status }
restore-created = Criado { $arn }
restore-title-running = Restauração: em andamento
restore-title-finished = Restauração: concluída
restore-title-failed = Restauração: falhou
# Marcas das verificações prévias, com a mesma largura.
restore-check-ok = ok{ "   " }
restore-check-fail = FALHA

## Conselhos da AWS e erros da biblioteca ops
aws-hint-profile-undefined = confira o nome do perfil e suas chaves: `aws configure list-profiles` lista os definidos
aws-hint-credentials = confira as credenciais do perfil { $profile }: rode `aws sso login --profile { $profile }` se ele usa SSO, ou renove as chaves ou o credential_process dele, e tente de novo
aws-hint-access-denied = falta a quem chama a ação IAM { $action } (concedida por { $policy })
aws-hint-throttled = as novas tentativas padrão do SDK, com espera crescente, desistiram; espere um minuto e atualize
aws-hint-endpoint = verifique a rede, o --endpoint-url e as variáveis AWS_ENDPOINT_URL*
ops-error-config = configuração de ops inválida: { $reason }
ops-error-input = pedido inválido: { $reason }
ops-error-restores-disabled = as restaurações estão desligadas nesta configuração: ligue-as (restores_enabled) para começar uma
ops-error-confirmation = a confirmação { $typed } não corresponde a { $expected }: digite-o exatamente para restaurar
ops-error-preflight = a verificação prévia da restauração falhou: { $reason }
ops-error-plan-changed = nada foi enviado: a frota mudou depois que o plano foi feito ({ $reason }); planeje a restauração de novo
ops-error-unexpected = resposta inesperada da AWS: { $reason }
ops-error-timed-out = tempo esgotado após { $seconds } s esperando { $waiting_for }
ops-error-audit-log = log de auditoria { $path }: { $error }

## Erros do sistema de arquivos, no lugar do texto em inglês da biblioteca padrão
io-not-found = arquivo ou pasta inexistente
io-stream-too-large = ele fornece mais de { $limit } bytes, mais do que um envio pode ter; salve o que ele fornece num arquivo antes
io-permission-denied = permissão negada
io-already-exists = já existe
io-is-a-directory = é uma pasta, não um arquivo
io-not-a-directory = uma parte do caminho não é uma pasta
io-storage-full = o disco está cheio
io-read-only = o sistema de arquivos é somente leitura
io-invalid-data = o conteúdo não é texto válido
io-connection-refused = conexão recusada
io-connection-reset = a conexão foi reiniciada
io-timed-out = tempo esgotado

## Conversa com o servidor

client-unreachable = não foi possível alcançar o servidor em { $base_url }: { $message }
client-token-refused = o servidor não aceitou o token; rode `estante login` para obter um novo, ou passe um --token válido
client-timeout = a requisição para { $base_url } excedeu o tempo
client-decode = o servidor enviou uma resposta que não pôde ser lida: { $message }
client-other = a requisição falhou: { $message }
client-status = o servidor respondeu { $status }
client-status-text = o servidor respondeu { $status }: { $text }
client-status-web-page = o servidor respondeu { $status } com uma página web, então não é um servidor estante; confira o endereço passado em --server
client-no-route = o servidor estante em { $base_url } não tem a rota { $path }, então o endereço está errado; passe em --server (ou em server no config.toml) o endereço sob o qual fica /api/v1, como https://host/estante para https://host/estante/api/v1
report-stuck = o relatório { $id } ainda estava { $status } após { $seconds } s; o processador de relatórios do servidor pode estar parado
report-no-reason = sem motivo informado
report-failed = o servidor não conseguiu gerar o relatório: { $reason }
connect-bad-server = { $server } não é um endereço de servidor; dê uma URL http ou https, como https://livros.example.org
connect-missing-token = sem token para { $server }; rode `estante login --server { $server } --user NOME` ou passe --token

## Início do servidor embutido e busca de ISBN

embedded-data-dir-failed = falha ao criar a pasta de dados { $path }: { $error }
embedded-database-failed = falha ao abrir o banco de dados { $path }: { $error }
embedded-database-not-sqlite = { $path } não é um banco de dados do estante, ou está danificado: mova o arquivo para outro lugar para começar uma biblioteca nova, ou passe --data-dir com a pasta de outra
embedded-user-failed = falha ao preparar o usuário local: { $error }
embedded-token-failed = falha ao guardar o token local em { $path }: { $error }
embedded-listen-failed = falha ao escutar em 127.0.0.1: { $error }
embedded-blobs-failed = falha ao abrir a pasta de blobs: { $error }
paths-no-home = nenhuma pasta pessoal encontrada para guardar os arquivos do estante; passe --data-dir e --config-dir
lookup-not-configured = A busca de ISBN está desligada: defina openlibrary_url no config.toml para usá-la
lookup-invalid-isbn = { $isbn } não é um ISBN válido
lookup-request-failed = a busca de ISBN falhou: { $error }
lookup-status = o serviço de busca de ISBN respondeu { $status }
lookup-decode = o serviço de busca de ISBN enviou uma resposta que não pôde ser lida: { $error }

## Subcomandos da linha de comando

cli-error = erro: { $error }
cli-read-failed = falha ao ler { $path }
cli-import-failed = falha ao importar { $path }
cli-import-summary = { $rows ->
        [1] 1 linha
       *[other] { $rows } linhas
    }: { $imported ->
        [1] 1 importada
       *[other] { $imported } importadas
    }, { $merged ->
        [1] 1 mesclada
       *[other] { $merged } mescladas
    }, { $flagged ->
        [1] 1 marcada
       *[other] { $flagged } marcadas
    }, { $rejected ->
        [1] 1 rejeitada
       *[other] { $rejected } rejeitadas
    }
cli-export-failed = falha ao exportar a biblioteca
cli-write-failed = falha ao gravar { $path }
cli-export-done = Gravados { $bytes } bytes em { $path }
cli-stats-failed = falha ao carregar as estatísticas
cli-stat-period = período
cli-stat-books-read = livros lidos
cli-stat-pages-read = páginas lidas
cli-stat-average-rating = avaliação média
cli-stat-top-authors = autores mais lidos
cli-stat-missing-dates = lidos, sem data de término
cli-stat-status = status { $status }
cli-col-row = LINHA
cli-col-outcome = RESULTADO
cli-col-title = TÍTULO
cli-col-reason = MOTIVO
cli-col-statistic = ESTATÍSTICA
cli-col-value = VALOR
cli-col-id = ID
cli-col-authors = AUTORES
cli-col-status = STATUS
cli-col-rating = NOTA
cli-col-read = LIDO
cli-col-field = CAMPO
cli-field-id = id
cli-field-title = título
cli-field-authors = autores
cli-field-status = status
cli-field-rating = nota
cli-field-isbn13 = isbn13
cli-field-pages = páginas
cli-field-shelves = estantes
cli-field-tags = tags
cli-field-reading = leitura
cli-field-subtitle = subtítulo
cli-field-series = série
cli-field-contributors = colaboradores
cli-field-isbn10 = isbn10
cli-field-asin = asin
cli-field-goodreads-id = id no goodreads
cli-field-librarything-id = id no librarything
cli-field-publisher = editora
cli-field-format = formato
cli-field-published-year = ano de publicação
cli-field-original-year = primeira publicação
cli-field-language = idioma
cli-field-added = adicionado
cli-field-copies = exemplares
cli-field-description = Descrição:
cli-field-review = Resenha:
cli-field-review-spoiler = Resenha (contém spoilers):
cli-field-notes = Notas privadas:
cli-book-load-failed = falha ao carregar o livro { $id }
cli-search-empty = o texto da busca está vazio; dê uma palavra para buscar, ou use `estante books list` para listar todos os livros
cli-book-update-failed = falha ao atualizar o livro { $id }
cli-bad-sort = { $key } não é uma chave de ordenação; use título, autor, adicionado, nota, lido ou páginas (ou title, author, added, rating, read, pages)
cli-list-failed = falha ao listar os livros
cli-no-books = Nenhum livro encontrado.
cli-library-empty = A biblioteca está vazia. Adicione um livro com `estante books add --title TÍTULO`, ou importe uma exportação com `estante import ARQUIVO`.
cli-add-failed = falha ao adicionar o livro
cli-completions-failed = falha ao gravar o script de completação
cli-man-failed = falha ao gravar a página de manual
man-name = NOME
man-synopsis = SINOPSE
man-description = DESCRIÇÃO
man-options = OPÇÕES
man-subcommands = COMANDOS
man-extra = MAIS
man-version = VERSÃO
man-authors = AUTORES
cli-logging-off = aviso: o log está desligado porque { $path } não pode ser aberto: { $error }
cli-connect-failed = falha ao conectar ao servidor estante
terminal-setup-failed = falha ao preparar o terminal
settings-invalid-toml = { $path } não é um TOML válido: { $error }
settings-toml-at = linha { $line }, coluna { $column }: { $reason }
settings-invalid = { $path }: { $error }
settings-language-unknown = language = "{ $value }" não é um idioma do estante; use en ou pt-BR, ou apague a linha para seguir o LANG
settings-unknown-key = chave desconhecida { $key }; as chaves aqui são { $keys }
settings-goal-invalid = meta inválida { $amount }: use um número inteiro de 0 a { $max }
settings-goal-year = { $key } não é um ano em [goals]; use um ano, como 2026 = 40
settings-goal-negative = a meta { $amount } é negativa; use 0 ou mais (0 a remove)
settings-goal-not-number = a meta { $value } não é um número; escreva livros como 40, ou páginas como {"{"} pages = 9000 {"}"}
settings-goal-key = chave de meta desconhecida `{ $key }`; use `books` ou `pages`
login-needs-server = o login precisa do servidor: estante login --server URL --user NOME
login-failed = falha ao entrar em { $server } como { $user }
login-done = Conectado a { $server } como { $user }. O token está guardado em { $path }.
login-password-prompt = Senha de { $user }:{ " " }
login-password-terminal-failed = falha ao ler a senha do terminal
login-password-stdin-failed = falha ao ler a senha da entrada padrão
login-password-empty = a senha está vazia
logout-embedded = não há login para encerrar: sem --server nem login guardado o app usa o servidor embutido. estante logout encerra um login feito com estante login --server URL
logout-failed = não foi possível revogar o token em { $server }; ele continua guardado
logout-done = Saiu de { $server }: o token foi revogado e removido de { $path }.
logout-done-given = Saiu de { $server }: o token informado foi revogado.

## estante ops (linha de comando)

ops-col-stat = ESTATÍSTICA
ops-stat-average = média
ops-stat-sum = soma
ops-stat-maximum = máximo
ops-stat-minimum = mínimo
ops-stat-sample-count = amostras
ops-col-points = PONTOS
ops-col-latest = ÚLTIMO
ops-col-at = EM
ops-col-device = DISPOSITIVO
ops-col-gib = GIB
ops-col-locked = BLOQUEADO
ops-col-plan = PLANO
ops-col-id = ID
ops-col-last-run = ÚLTIMA EXECUÇÃO
ops-col-recovery-point = PONTO DE RECUPERAÇÃO
ops-col-job = TAREFA
ops-col-targets = ALVOS
ops-cli-setup-failed = falha ao preparar a conexão com a AWS
ops-cli-partial = aviso: a { $list } está incompleta: { $reason }
ops-cli-failed-identity = falha ao ler a identidade de quem chama
ops-cli-whoami = conta { $account } · { $arn } · perfil { $profile } · região { $region }
ops-cli-failed-instances = falha ao listar as instâncias EC2
ops-cli-list-instances = lista de instâncias
ops-cli-failed-alarms = falha ao listar os alarmes
ops-cli-list-alarms = lista de alarmes
ops-cli-failed-metrics = falha ao ler as métricas da instância
ops-cli-metrics-missing = aviso: faltam algumas métricas: { $reason }
ops-cli-instances-none = aviso: nenhuma instância em { $region } corresponde; confira --region e os filtros
ops-cli-alarms-none = aviso: nenhum alarme do CloudWatch em { $region }; confira --region
ops-cli-snapshots-none = aviso: nenhum snapshot desta conta em { $region }; confira --region
ops-cli-commands-none = aviso: nenhum comando do Run Command em { $region } nos últimos 30 dias; confira --region
ops-cli-commands-none-instance = aviso: nenhum comando do Run Command em { $region } nos últimos 30 dias para { $instance }; confira --region e o id da instância
ops-cli-volumes-none = aviso: nenhum volume está anexado a { $instance }; confira o id da instância e a região
ops-cli-metrics-empty = aviso: nenhum ponto de dados de { $instance } nas últimas { $hours } h; confira o id da instância e a região
ops-cli-no-agent = Sem métricas do agente do CloudWatch (memória, disco) para { $instance }: o agente não está instalado ou não as publica.
ops-cli-failed-volumes = falha ao listar os volumes EBS
ops-cli-list-volumes = lista de volumes
ops-cli-failed-snapshots = falha ao listar os snapshots EBS
ops-cli-list-snapshots = lista de snapshots
ops-cli-stale = antigo: { $instance } não tem snapshot com menos de { $hours } h (mais novo: { $newest })
ops-cli-failed-vaults = falha ao listar os cofres de backup
ops-cli-list-vaults = lista de cofres
ops-cli-failed-plans = falha ao listar os planos de backup
ops-cli-list-plans = lista de planos
ops-cli-failed-points = falha ao listar os pontos de recuperação
ops-cli-list-points = lista de pontos de recuperação
ops-cli-failed-restore-jobs = falha ao listar as tarefas de restauração
ops-cli-list-restore-jobs = lista de tarefas de restauração
ops-cli-failed-backup-jobs = falha ao listar as tarefas de backup
ops-cli-list-backup-jobs = lista de tarefas de backup
ops-cli-failed-commands = falha ao listar os comandos SSM
ops-cli-list-commands = lista de comandos
restore-cli-missing-source = falta a origem da restauração: passe --snapshot, --recovery-point com --vault, ou --backup-key
restore-cli-plan = Plano de restauração ({ $document } { $instance }):
restore-cli-checks = Verificações prévias:
restore-cli-prompt = Digite { $expected } para começar a restauração:{ " " }
restore-cli-read-failed = falha ao ler a confirmação da entrada padrão
restore-cli-no-confirmation = sem confirmação: a entrada padrão está vazia; digite { $expected } ou passe --confirm { $expected }
restore-cli-preflight-failed = a verificação prévia da restauração falhou: { $error }
restore-cli-check-failed = uma verificação prévia falhou, então a restauração não começou
restore-cli-disabled = restaurações desligadas, nada foi iniciado: passe --enable-restores ou defina restores_enabled = true em [ops] no config.toml
restore-cli-start-failed = falha ao iniciar a restauração: { $error }
restore-cli-output-closed = não foi possível escrever o plano ({ $error }), então nenhuma restauração foi iniciada; rode o comando de novo com a saída para um terminal ou um arquivo
restore-cli-started = Iniciado { $document } em { $instance } (execução { $execution }); log de auditoria: { $log }
restore-cli-follow-failed = falha ao acompanhar a restauração: { $error }
restore-cli-no-detail = sem detalhe
restore-cli-ended-as = a restauração terminou como { $status }: { $detail }
restore-cli-finished = Restauração concluída: { $status }

## Ajuda da linha de comando. Os ids seguem o caminho do comando: cli-about-books-list
## descreve `estante books list`, e cli-arg-books-list-sort o seu --sort. Um argumento
## sem id próprio usa o compartilhado cli-arg-NOME. cli-value-* são os marcadores em
## maiúsculas depois de uma opção.
cli-heading-usage = Uso
cli-heading-commands = Comandos
cli-heading-arguments = Argumentos
cli-heading-options = Opções
cli-heading-global-options = Opções globais
cli-usage-options = [OPÇÕES]
cli-default = [padrão: { $value }]
cli-possible-values = [valores possíveis: { $values }]
cli-env = [variável de ambiente: { $name }]
cli-about = Uma biblioteca pessoal de livros no terminal
    .long = Uma biblioteca pessoal de livros no terminal. Sem subcomando, abre o aplicativo; sem --server, ele roda o próprio servidor em 127.0.0.1 com um arquivo SQLite na pasta de dados.
cli-about-help = Mostra esta mensagem ou a ajuda dos subcomandos indicados
cli-about-login = Entra num servidor remoto e guarda o token dele no config.toml (modo 0600)
cli-about-logout = Revoga o token guardado no servidor dele e o remove do config.toml
cli-about-import = Importa um arquivo do Goodreads, StoryGraph, LibraryThing ou um arquivo estante
cli-about-export = Exporta a biblioteca como CSV do Goodreads ou como o arquivo estante, sem perdas
cli-about-books = Lista, busca, mostra, adiciona e avalia livros, e muda o status de leitura
cli-about-books-list = Lista os livros, com filtros opcionais
cli-about-books-search = Busca no texto de título, autores, série, tags e resenha
cli-about-books-show = Mostra um livro com status, nota, resenha, leituras, estantes e tags
cli-about-books-add = Adiciona um livro à mão
cli-about-books-delete = Apaga um livro com as leituras, as ligações com estantes e etiquetas, e a capa. Pergunta antes num terminal, e scripts passam --yes
cli-about-books-merge = Junta outra cópia de um livro a este, como uma duplicata que uma importação marcou, e apaga a cópia. Este livro mantém os seus valores e recebe os que lhe faltam; leituras, estantes e tags se juntam, e as duas resenhas ficam
cli-about-books-rate = Avalia um livro em estrelas, em quartos (0,25 a 5); 0 apaga a avaliação
cli-about-books-cover = Envia uma imagem JPEG ou PNG (no máximo 2 MiB) como capa do livro, no lugar da anterior
cli-about-books-status = Muda o status de leitura: quero ler, lendo, lido, abandonado ou pausado, em maiúsculas ou não; valem também os nomes da API (want_to_read, reading, read, did_not_finish, paused) e apelidos como dnf, to-read ou finished
cli-about-stats = Estatísticas de leitura de um ano ou de todos os tempos
cli-about-ops = Inspeciona a frota AWS por trás de um servidor compartilhado, e a restaura
cli-about-ops-whoami = A conta e o ARN de quem chama, das credenciais, pelo STS
cli-about-ops-instances = Instâncias EC2 com estado, verificações de status e agente SSM
cli-about-ops-alarms = Alarmes do CloudWatch, os em ALARM primeiro
cli-about-ops-metrics = Métricas do CloudWatch de uma instância
cli-about-ops-volumes = Volumes EBS, de todas as instâncias ou de uma só
cli-about-ops-snapshots = Snapshots EBS e as instâncias cujo snapshot mais novo está velho demais
cli-about-ops-backups = Pontos de recuperação do AWS Backup (o padrão), cofres ou planos
cli-about-ops-backups-points = Pontos de recuperação de todos os cofres, ou do --vault
cli-about-ops-backups-vaults = Cofres de backup com o número de pontos de recuperação
cli-about-ops-backups-plans = Planos de backup e quando rodaram pela última vez
cli-about-ops-jobs = Tarefas de backup do AWS Backup, as que falharam primeiro, ou tarefas de restauração, as mais novas primeiro
cli-about-ops-commands = Comandos do Run Command do Systems Manager, de todas as instâncias ou de uma só
cli-about-ops-restore = Restaura uma instância a partir de um snapshot, de um ponto de recuperação ou de um backup do banco
cli-about-completions = Imprime um script de autocompletar para o shell
cli-about-man = Imprime a página de manual (roff)
cli-arg-help = Mostra a ajuda
cli-arg-version = Mostra a versão
cli-arg-server = URL base de um servidor estante remoto, como https://livros.example.org. O servidor embutido é usado quando nem esta opção nem `server` no config.toml estão definidos
cli-arg-token = Token de acesso para o --server; `estante login` guarda um no config.toml
cli-arg-data_dir = Pasta do banco do servidor embutido (padrão: a pasta de dados XDG, ~/.local/share/estante)
cli-arg-config_dir = Pasta do config.toml e do token local (padrão: a pasta de configuração XDG, ~/.config/estante)
cli-arg-profile = Perfil AWS para a aba Ops e `estante ops` (padrão: `profile` em [ops] no config.toml, depois AWS_PROFILE)
cli-arg-region = Região AWS, como sa-east-1 (padrão: `region` em [ops] no config.toml, depois AWS_REGION ou a região do perfil)
cli-arg-endpoint_url = Endpoint para todos os serviços AWS, para emuladores como o moto (padrão: `endpoint_url` em [ops] no config.toml, depois AWS_ENDPOINT_URL)
cli-arg-enable_restores = Permite restaurações pela aba Ops e por `estante ops restore`; sem isto, só leitura, a menos que `restores_enabled = true` esteja em [ops] no config.toml
cli-arg-output = Como imprimir o resultado: uma tabela para ler, ou JSON para scripts
cli-arg-export-output = Como relatar o resultado ao gravar num arquivo
cli-arg-login-user = O nome de usuário no servidor
cli-arg-login-label = Nome com que o token aparece na lista do servidor
cli-arg-import-file = O arquivo exportado
cli-arg-import-format = Formato do arquivo; auto o detecta pela primeira linha
cli-arg-export-format = Formato a gravar
cli-arg-export-file = Arquivo a gravar, substituído se existir, ou pasta onde gravar um arquivo novo; a saída padrão quando ausente ou -
cli-arg-id = O id do livro, como `estante books list` o mostra
cli-arg-status = Só livros com este status (quero ler, lendo, lido, abandonado, pausado, o nome da API como want_to_read, ou um apelido como dnf)
cli-arg-shelf = Só livros nesta estante
cli-arg-tag = Só livros com esta tag
cli-arg-sort = Chave de ordenação: título, autor, adicionado, nota, lido ou páginas (ou em inglês: title, author, added, rating, read, pages)
cli-arg-desc = Ordena de forma decrescente
cli-arg-limit = Para depois deste número de livros (padrão: todos)
cli-arg-books-search-query = Palavras que precisam todas casar; cada uma casa como prefixo
cli-arg-books-add-title = O título do livro
cli-arg-books-add-authors = Um autor; repita para vários
cli-arg-books-add-isbn = ISBN-10 ou ISBN-13
cli-arg-books-add-pages = Número de páginas
cli-arg-books-add-year = Ano de publicação
cli-arg-books-add-publisher = A editora
cli-arg-books-add-status = Status de leitura (padrão: quero ler)
cli-arg-books-add-rating = Avaliação em estrelas, em quartos
cli-arg-books-rate-stars = Estrelas de 0,25 a 5 em quartos; 0 apaga a avaliação
cli-arg-books-delete-id = O livro a apagar
cli-arg-books-delete-yes = Apaga sem perguntar
cli-arg-books-merge-id = O livro a manter
cli-arg-books-merge-from = A cópia a juntar a ele e apagar
cli-arg-books-cover-file = O arquivo de imagem
cli-arg-books-status-status = O novo status, ou um apelido como dnf
cli-arg-stats-year = Ano civil; todos os tempos quando ausente
cli-arg-ops-instances-tag = Só instâncias com esta tag, como chave=valor; repita para várias, que devem todas valer
cli-arg-ops-instances-states = Só instâncias neste estado (pending, running, stopped, ...); repita para vários
cli-arg-ops-metrics-instance_id = O id da instância, como i-0123456789abcdef0
cli-arg-ops-metrics-hours = Tamanho da janela que termina agora, em horas, de 1 a 10920 (o CloudWatch guarda 455 dias)
cli-arg-ops-metrics-period = Tamanho de um ponto de dados, em segundos (múltiplo de 60)
cli-arg-ops-volumes-instance = Só os volumes ligados a esta instância
cli-arg-ops-snapshots-max_age = Idade a partir da qual o snapshot mais novo de uma instância conta como velho, como 24h, 2d ou 90m; um número sozinho é em horas (padrão: 24h)
cli-arg-ops-backups-vault = Só os pontos de recuperação deste cofre
cli-arg-ops-backups-points-vault = Só os pontos de recuperação deste cofre
cli-arg-ops-jobs-hours = Quanto tempo para trás olhar, em horas, de 1 a 876000
cli-arg-ops-jobs-restores = Lista as tarefas de restauração no lugar das de backup
cli-arg-ops-commands-instance = Só comandos enviados a esta instância
cli-arg-ops-restore-instance = A instância que a restauração atinge
cli-arg-ops-restore-snapshot = Id do snapshot EBS a restaurar: como ponto de recuperação do AWS Backup quando foi o AWS Backup que o criou, senão trocando-o pelo volume de dados da instância
cli-arg-ops-restore-recovery_point = ARN do ponto de recuperação do AWS Backup a restaurar; exige --vault
cli-arg-ops-restore-vault = Cofre de backup do --recovery-point
cli-arg-ops-restore-backup_key = Chave do backup do banco para `estante-server restore --from` na instância
cli-arg-ops-restore-role_arn = Papel que o AWS Backup assume para criar o recurso (padrão: service-role/AWSBackupDefaultServiceRole)
cli-arg-ops-restore-confirm = O texto de confirmação (o id da instância ou o nome do banco), para scripts; lido do terminal ou da entrada padrão quando ausente
cli-arg-completions-shell = O shell para o qual escrever o script
cli-value-command = COMANDO
cli-value-server = URL
cli-value-token = TOKEN
cli-value-data_dir = PASTA
cli-value-config_dir = PASTA
cli-value-profile = PERFIL
cli-value-region = REGIÃO
cli-value-endpoint_url = URL
cli-value-user = USUÁRIO
cli-value-label = NOME
cli-value-from = DE
cli-value-file = ARQUIVO
cli-value-format = FORMATO
cli-value-output = SAÍDA
cli-value-status = STATUS
cli-value-shelf = ESTANTE
cli-value-tag = TAG
cli-value-sort = CHAVE
cli-value-limit = NÚMERO
cli-value-query = BUSCA
cli-value-id = ID
cli-value-title = TÍTULO
cli-value-authors = AUTOR
cli-value-isbn = ISBN
cli-value-pages = PÁGINAS
cli-value-year = ANO
cli-value-publisher = EDITORA
cli-value-rating = ESTRELAS
cli-value-stars = ESTRELAS
cli-value-states = ESTADO
cli-value-instance_id = INSTÂNCIA
cli-value-instance = INSTÂNCIA
cli-value-hours = HORAS
cli-value-period = SEGUNDOS
cli-value-max_age = IDADE
cli-value-vault = COFRE
cli-value-snapshot = SNAPSHOT
cli-value-recovery_point = ARN
cli-value-backup_key = CHAVE
cli-value-role_arn = ARN
cli-value-confirm = TEXTO
cli-value-shell = SHELL

## Erros de uso da linha de comando, impressos no lugar dos do clap.
cli-usage-error = erro: { $problem }
cli-error-unknown-argument = argumento inesperado { $argument }
cli-error-unknown-command = subcomando desconhecido { $command }
cli-error-invalid-value = { $value } não é um valor válido para { $argument }; os valores válidos são { $valid }
cli-error-empty-value = { $argument } recebeu um valor vazio; informe um
cli-error-value-validation = { $value } não é um valor válido para { $argument }: { $reason }
cli-error-not-accepted = não aceito
cli-error-not-integer = não é um número inteiro
cli-error-too-large = o número é grande demais
cli-error-not-number = não é um número
cli-error-stars = não é um número de estrelas como 4,25 ou 4.25
cli-error-negative-limit = deve ser 1 ou mais; omita --limit para listar todos os livros
cli-no-such-shelf = não há estante chamada “{ $name }”; as estantes são: { $known }
cli-no-such-tag = não há tag chamada “{ $name }”; as tags são: { $known }
cli-no-labels = nenhuma ainda
cli-error-age = { $value } não é uma idade: dê um número com m, h ou d, como 24h
cli-error-age-too-long = { $value } é mais longo que a idade máxima, { $days }d
cli-error-instance-id = { $value } não é um id de instância: espera-se i- e 8 ou 17 dígitos hexadecimais minúsculos, como i-0123456789abcdef0
cli-error-tag = { $value } não é uma tag: dê chave=valor
cli-error-missing-argument = faltam estes argumentos obrigatórios: { $arguments }
cli-error-missing-command = é preciso um subcomando
cli-error-conflict = { $argument } não pode ser usado com { $other }
cli-error-value-count = { $argument } recebeu um número errado de valores
cli-error-no-equals = { $argument } precisa de = antes do valor, como em { $argument }=VALOR
cli-error-other = os argumentos não são válidos ({ $argument })
cli-error-suggestion = você quis dizer { $suggestion }?
cli-error-more = Para saber mais, rode o comando com --help.

## Planos de restauração e verificações prévias, a partir dos ids de frase da
## biblioteca ops. O valor "unknown" indica estado, zona, versão ou data que a AWS
## não informou.
restore-plan-run-command = O Run Command do Systems Manager envia o documento { $document } para { $instance }.
restore-plan-database-command = A instância roda `estante-server restore --from { $key }`.
restore-plan-database-replaced = O banco estante atual da instância é substituído por esse backup.
restore-plan-volume-create = A instância cria um volume gp3 a partir de { $snapshot } em { $zone ->
        [unknown] uma zona desconhecida
       *[other] { $zone }
    }.
restore-plan-volume-swap = Ela para o estante-server, troca o volume de dados (/var/lib/estante) pelo novo e inicia o servidor de novo.
restore-plan-volume-kept = O volume de dados antigo, { $volume ->
        [unknown] não encontrado
       *[other] { $volume }
    }, é desanexado e mantido, com tags da instância e do id do novo volume.
restore-plan-point-unchecked = Não foi possível verificar o ponto de recuperação; veja as verificações que falharam.
restore-plan-automation = O Automation do Systems Manager roda o runbook { $runbook }, que chama o StartRestoreJob do AWS Backup para o ponto de recuperação { $kind } { $arn } (cofre { $vault }, criado { $created ->
        [unknown] numa data desconhecida
       *[other] em { $created }
    }).
restore-plan-creates-database = O AWS Backup assume { $role } e cria uma nova instância de banco RDS chamada { $name } em { $zone ->
        [unknown] uma zona desconhecida
       *[other] { $zone }
    }.
restore-plan-creates-instance = O AWS Backup assume { $role } e cria uma nova instância EC2 a partir do ponto de recuperação, na sub-rede que os metadados dele indicam.
restore-plan-creates-volume = O AWS Backup assume { $role } e cria um novo volume EBS em { $zone ->
        [unknown] uma zona desconhecida
       *[other] { $zone }
    }, a zona de { $instance }.
restore-plan-nothing-changed = Nenhum volume, instância ou banco existente é alterado, parado ou anexado.
restore-plan-type-to-confirm = Digite { $confirmation } para confirmar.
restore-aws-http-status = o serviço respondeu HTTP { $status } sem um código de erro que desse para ler
restore-aws-http-no-operation = { $endpoint } respondeu HTTP 404 sem um erro da AWS: não oferece esta operação, como um emulador que não a tem
restore-aws-no-credentials = nenhuma credencial AWS foi encontrada: não há chaves no ambiente nem um perfil que as forneça
restore-aws-credentials-failed = não foi possível carregar as credenciais: { $cause }
restore-aws-profile-no-credentials = o perfil { $profile } não deu credenciais: nenhum arquivo de configuração ou de credenciais da AWS o define com chaves
restore-aws-profile-undefined = o perfil { $profile } não está definido no arquivo de configuração nem no de credenciais da AWS
restore-aws-connection-refused = não foi possível conectar a { $endpoint }: conexão recusada
restore-aws-connection-timed-out = não foi possível conectar a { $endpoint }: tempo de conexão esgotado
restore-aws-connection-reset = não foi possível conectar a { $endpoint }: a conexão foi reiniciada
restore-aws-connection-failed = não foi possível conectar a { $endpoint }: { $cause }
restore-aws-request-timed-out = o pedido a { $endpoint } passou do tempo
restore-aws-response-unreadable = não foi possível ler a resposta de { $endpoint }: { $cause }
restore-config-no-region = nenhuma região AWS: passe --region, defina AWS_REGION ou defina `region` no perfil
restore-config-bad-region = a região AWS { $region } é inválida: use letras minúsculas, dígitos e hífens, como eu-west-1; confira --region, AWS_REGION e `region` no perfil
restore-config-endpoint-credentials = o URL de endpoint { $url } traz um nome de usuário ou senha, que seriam escritos nas mensagens e no registro de auditoria; tire-os: as credenciais da AWS vêm do perfil ou do ambiente
restore-config-endpoint-port = o URL de endpoint { $url } é inválido: a porta { $port } não é um número de 1 a 65535
restore-config-endpoint-query = o URL de endpoint { $url } tem uma query ou um fragmento, que o SDK da AWS escreveria no registro; passe o URL sem eles
restore-config-endpoint-url = a URL de endpoint { $url } é inválida: dê http:// ou https:// e um host, como http://127.0.0.1:5000
restore-partial-both = { $earlier }; { $reason }
restore-partial-page = a página { $page } de { $operation } falhou, com { $rows ->
        [1] 1 linha lida
       *[other] { $rows } linhas lidas
    } antes dela: { $error }
restore-partial-status-checks = verificações de status indisponíveis: { $error }
restore-partial-ssm-agents = estado do agente SSM indisponível: { $error }
restore-partial-attachments = anexos de volumes incompletos, então as instâncias depois da falha não foram verificadas quanto a snapshots: { $reason }
restore-partial-vaults = lista de cofres incompleta: { $reason }
restore-partial-vault = cofre { $vault }: { $error }
restore-progress-not-registered = o SSM ainda não registrou a restauração
restore-progress-poll-retrying = a consulta falhou; tentando de novo: { $error }
restore-progress-step = etapa { $step }
restore-progress-timed-out = o fim da restauração { $execution } (ela continua rodando na AWS; último status { $status })
restore-input-metric-period = o período de métrica de { $seconds } s é inválido: use um múltiplo positivo de 60
restore-input-metric-window = a janela de métricas de { $seconds } s é inválida: use mais de 0 e no máximo 455 dias, o tempo que o CloudWatch guarda os pontos
restore-input-instance-id = o id de instância { $instance } é inválido: use i- seguido de 8 ou 17 dígitos hexadecimais minúsculos, como i-0123456789abcdef0
restore-input-snapshot-id = o id de snapshot { $snapshot } é inválido: use snap- seguido de 8 ou 17 dígitos hexadecimais minúsculos, como snap-0123456789abcdef0
restore-input-backup-key = a chave de backup { $key } é inválida: use de 1 a 512 letras, dígitos ou ._/:+=@-
restore-check-aws-failed = { $code }: { $message } ({ $action }, { $region }){ $kind ->
        [endpoint] ; verifique a rede, o --endpoint-url e as variáveis AWS_ENDPOINT_URL*
        [credentials] ; confira as credenciais do perfil { $profile }: rode `aws sso login --profile { $profile }` se ele usa SSO, ou renove as chaves ou o credential_process dele, e tente de novo
        [access-denied] ; falta a quem chama a ação IAM { $action } (concedida por { $policy })
        [throttled] ; as novas tentativas padrão do SDK, com espera crescente, desistiram; espere um minuto e atualize
       *[other] {""}
    }
restore-check-call-failed = { $error }
restore-check-invalid-input = pedido inválido: { $reason }
restore-check-restores-enabled = restaurações permitidas
restore-check-restores-allowed = esta configuração permite restaurações
restore-check-restores-disabled = as restaurações estão desligadas nesta configuração: passe --enable-restores ou defina restores_enabled = true em [ops]
restore-check-snapshot-completed = snapshot concluído
restore-check-snapshot-not-found = { $snapshot } não foi encontrado em { $region }
restore-check-snapshot-is-completed = { $snapshot } está concluído
# Os estados vêm da AWS em inglês; os conhecidos são traduzidos aqui.
restore-check-snapshot-not-completed = { $snapshot } está { $state ->
        [pending] pendente
        [error] com erro
        [recovering] em recuperação
        [recoverable] recuperável
       *[other] { $state }
    }, não concluído
restore-check-caller = chamador conhecido
restore-check-caller-arn = { $arn }
restore-check-instance-exists = a instância existe
restore-check-instance-found = { $instance } está { $state ->
        [unknown] num estado desconhecido
        [running] em execução
        [stopped] parada
        [stopping] parando
        [pending] iniciando
        [shutting-down] encerrando
        [terminated] encerrada
       *[other] { $state }
    } em { $zone ->
        [unknown] uma zona desconhecida
       *[other] { $zone }
    }
restore-check-instance-not-returned = { $instance } não veio no DescribeInstances
restore-check-instance-gone = { $instance } está { $state ->
        [shutting-down] encerrando
        [terminated] encerrada
       *[other] { $state }
    } e não pode executar uma restauração; restaure na instância que guarda a biblioteca agora
restore-check-no-restore-running = nenhuma restauração em andamento
restore-check-restore-running = { $command } ({ $document }) está { $status } em { $instance }; espere que termine (estante ops commands --instance { $instance })
restore-check-no-restore-found = nenhum comando de restauração do estante está pendente ou em andamento em { $instance }
restore-check-ssm-online = agente SSM online
restore-check-ssm-unmanaged = { $instance } não é gerenciada pelo Systems Manager (nenhum agente SSM registrado)
restore-check-ssm-not-running = { $instance } está { $state ->
        [stopped] parada
        [stopping] parando
        [pending] iniciando
        [shutting-down] encerrando
        [terminated] encerrada
       *[other] { $state }
    }, e o Run Command só alcança instâncias em execução; inicie-a, espere o agente ficar online e planeje a restauração de novo
restore-check-ssm-ping = o agente { $version ->
        [unknown] de versão desconhecida
       *[other] { $version }
    } informa { $ping }
restore-check-point-completed = ponto de recuperação concluído
restore-check-point-status = o status é { $status }
restore-check-point-type = o tipo de recurso { $kind } não é aceito: use EBS, EC2 ou RDS
restore-check-point-found = ponto de recuperação { $kind } no cofre { $vault }
restore-check-metadata = metadados de restauração
restore-check-metadata-read = chaves lidas: { $count }
restore-check-dry-run = CreateVolume do EC2 com DryRun
restore-check-dry-run-not-snapshot = { $arn } não indica um snapshot EBS
restore-check-dry-run-no-zone = a zona de disponibilidade da instância é desconhecida
restore-check-dry-run-ok = um volume a partir de { $snapshot } pode ser criado em { $zone }
restore-check-dry-run-created = o EC2 criou um volume mesmo com DryRun; apague-o à mão
restore-check-snapshot-point = o snapshot é um ponto de recuperação
restore-check-data-volume = snapshot do volume de dados
restore-check-data-volume-missing = { $instance } não tem volume em { $device }, o volume de dados do estante que a restauração substitui; restaure na instância que guarda a biblioteca
restore-check-data-volume-copied = { $snapshot } não indica volume de origem, como um snapshot copiado; ele substitui { $volume }
restore-check-data-volume-same = { $snapshot } foi tirado de { $volume }, o volume de dados de { $instance }
restore-check-data-volume-other = { $snapshot } foi tirado de { $source }, que está anexado a { $instance } em { $device }, e não de { $volume }, o volume de dados de { $target }; escolha um snapshot do volume de dados
restore-check-data-volume-earlier = { $snapshot } foi tirado de { $source }, um volume de dados anterior de { $target } que uma restauração desanexou; ele substitui { $volume }
restore-check-data-volume-not-ours = { $snapshot } foi tirado de { $source }, um volume de dados desanexado de { $owner ->
        [unknown] uma instância que ele não indica
       *[other] { $owner }
    }, não de { $target }; escolha um snapshot de { $volume }, o volume de dados de { $target }, ou de um que uma restauração de { $target } desanexou
restore-check-data-volume-deleted = { $snapshot } foi tirado de { $source }, que não existe mais, então não dá para verificar de quem era o volume; ele substitui { $volume }, que é mantido
restore-check-data-volume-foreign = { $snapshot } foi tirado de { $source }, que está desanexado e não tem a etiqueta { $tag }, então nunca foi um volume de dados do estante; escolha um snapshot de { $volume }, o volume de dados de { $target }
restore-check-snapshot-no-volume = { $snapshot } não tem volume de origem
restore-check-snapshot-point-found = { $arn } no cofre { $vault }
restore-check-snapshot-point-missing = o AWS Backup não tem ponto de recuperação para { $snapshot } de { $volume }
restore-check-restore-role = papel de restauração
