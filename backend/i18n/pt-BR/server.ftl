# Brazilian Portuguese messages of the estante server: problem details and import
# reports. The English wording is in the sources, at each msg! call with the same id;
# the catalogue test checks that each id used is here, with the same variables.

## Validation of books, entries and readings
title-empty = não pode ficar vazio

## Problem titles and details
title-invalid = Valor inválido
title-not-found = Não encontrado
title-unauthorized = Não autorizado
title-conflict = Já existe
title-not-ready = Ainda não está pronto
title-version-mismatch = Alterado por outra pessoa
title-if-match-required = If-Match obrigatório
title-rate-limited = Pedidos demais
title-too-large = Corpo do pedido grande demais
title-unavailable = Serviço indisponível
title-internal = Erro interno
detail-unauthorized = o token de acesso está ausente ou não é válido; envie `Authorization: Bearer TOKEN` com um token de `estante-server user add NOME` ou de POST /api/v1/tokens
detail-version-mismatch = { $entity } agora está na versão { $current }; recarregue, refaça sua alteração e envie If-Match: "{ $current }"
detail-if-match-required = envie If-Match com a versão da última leitura deste recurso, por exemplo If-Match: "3"
detail-rate-limited = tentativas erradas demais; tente de novo em { $seconds } s
detail-internal = o servidor falhou; o erro está no log dele
detail-too-large = { $subject } tem mais de { $limit } bytes, o limite desta operação; envie um menor
too-large-file = o arquivo
too-large-body = o corpo do pedido
detail-duplicate = { $value } já é usado como { $field } na sua biblioteca
label-invisible-character = { $name } contém o caractere invisível U+{ $code }; digite o nome sem ele
detail-invalid = { $field }: { $reason }
detail-database-unreachable = o banco de dados está inacessível; tente de novo em alguns segundos
detail-report-file-missing = o arquivo do relatório não foi encontrado; peça o relatório de novo
detail-open-library-no-cover = o Open Library não tem capa para o ISBN { $isbn }
not-found-book = livro não encontrado
not-found-entry = entrada da biblioteca não encontrada
not-found-reading = leitura não encontrada
not-found-shelf = estante não encontrada
not-found-tag = tag não encontrada
not-found-report = relatório não encontrado
not-found-user = usuário não encontrado
not-found-token = token não encontrado
not-found-cover = capa não encontrada
not-found-route = rota não encontrada
not-found-other = { $what } não encontrado
title-too-long = tem mais de { $max } caracteres
pages-range = { $pages } não está entre 0 e { $max }
year-range = { $year } não está entre { $min } e { $max }
contributor-unnamed = todo colaborador precisa de um nome
body-not-object = envie o livro como um objeto JSON com pelo menos um título
entry-not-object = envie a entrada como um objeto JSON com os seus campos, ou null
reading-not-object = envie a leitura como um objeto JSON com os seus campos, como started e finished
patch-not-object = envie as mudanças como um objeto JSON com os campos a mudar
fields-unknown = não há campo com este nome aqui, nem com { $others }; confira a grafia em /api/v1/openapi.json e deixe de fora os campos que o servidor define, como id e version
field-unknown = não há campo com este nome aqui; confira a grafia em /api/v1/openapi.json e deixe de fora os campos que o servidor define, como id
series-unnamed = o nome da série está vazio
text-has-nul = contém um caractere NUL (U+0000), que não pode ser guardado; remova-o
series-index-not-finite = o índice { $index } da série não é um número finito; informe um como 3 ou 2,5
text-too-large = tem mais de 1 MiB
copies-range = { $copies } não está entre 0 e { $max }
reading-finished-and-stopped = uma leitura é terminada ou interrompida, não as duas coisas
reading-ends-before-start = { $end } é anterior à data de início, { $started }
status-date-without-status = data uma mudança de status, então envie-o com status; para mudar as datas de uma leitura, use PUT /api/v1/readings/ID
status-date-before-start = { $date } é anterior ao início da leitura em aberto, { $started }; informe uma data a partir dele, ou corrija o início da leitura
date-after-today = { $date } é depois de hoje ({ $today }); informe a data em que aconteceu
date-before-year-one = { $date } é anterior ao ano 1; informe a data em que aconteceu
reading-year-zero = { $date } não é um ano em que alguém leu; as datas de leitura começam no ano 1
progress-unit-missing = é obrigatório junto com o progresso (pages ou percent)
progress-percent-range = { $progress }% não está entre 0 e 100
progress-pages-range = { $progress } páginas não está entre 0 e { $max }
isbn-mismatch = { $ten } e o isbn13 { $thirteen } são livros diferentes; envie só um deles

## ISBNs
isbn-invalid = ISBN inválido { $value }: { $reason }
isbn-scientific = está em notação científica, então uma planilha já perdeu dígitos dele
isbn-character = o caractere { $character } não é permitido (use dígitos, e X só como último caractere de um ISBN-10)
isbn-length = tem { $length } caracteres (o esperado é 10 ou 13)
isbn-too-short = tem { $length } caracteres, e repor zeros à esquerda não dá um ISBN-10 válido
isbn-check-digit = o dígito verificador deveria ser { $expected }
isbn-prefix = um ISBN-13 precisa começar com 978 ou 979
isbn-zero-restored = 1 zero à esquerda reposto no ISBN { $value }, que ficou { $padded }
isbn-zeros-restored = { $zeros } zeros à esquerda repostos no ISBN { $value }, que ficou { $padded }

## Dates
date-month-range = o mês não está entre 1 e 12
date-no-such-day = esse dia não existe no calendário
date-part-width = cada parte precisa ter só dígitos, na largura certa
date-not-number = não é um número
date-too-many-parts = partes demais
date-invalid = data inválida { $text }: { $reason } (o esperado é AAAA, AAAA-MM ou AAAA-MM-DD)
date-value-invalid = data inválida { $value }: { $reason }
date-before-year-one-import = é anterior ao ano 1
date-contradicts-order = a data { $value } contradiz a ordem de dia e mês do resto do arquivo, que foi lida como { $order }
date-format-unknown = o esperado é AAAA/MM/DD, AAAA-MM-DD, M/D/AAAA ou D/M/AAAA
dates-disagree = as datas do arquivo discordam sobre a ordem de dia e mês: { $month_first } só podem ser mês/dia/ano e { $day_first } só dia/mês/ano; elas foram lidas como { $order }, e as outras foram marcadas
dates-ambiguous = a ordem de dia e mês de datas como { $example } é ambígua porque nenhuma data do arquivo tem dia acima de 12; elas foram lidas como mês/dia/ano
order-month-first = mês/dia/ano
order-day-first = dia/mês/ano

## Ratings
rating-range = a nota { $stars } não está entre 0,25 e 5 estrelas
rating-quarters = a nota { $stars } não é múltiplo de um quarto de estrela (use 0,25, 0,5, ... 5)

## Import: notes and problems of one row. $column is the column name in the file.
note-double-encoding = { $column } { $text } estava codificado duas vezes como UTF-8 e foi reparado para { $repaired }
note-column = { $column }: { $note }
problem-not-integer = não é um número inteiro
problem-range = não está entre { $min } e { $max }
problem-not-stars = não é um número de estrelas
problem-value = { $column } { $value } { $reason }; o campo ficou vazio
problem-left-empty = { $column }: { $problem }; o campo ficou vazio
row-no-title = o Title está vazio, então o livro não pode ser identificado
row-storygraph-status = o Read Status { $status } não é um status do StoryGraph; o livro foi importado como quero ler
row-json-not-object = o livro { $key } é um { $kind } JSON em vez de um objeto
row-archive-no-title = o título está vazio, então o livro não pode ser identificado
row-archive-invalid = o registro não é um registro de biblioteca válido: { $error }
row-not-csv = o registro não é CSV válido: { $error }
row-fields-missing = o cabeçalho tem { $expected } campos, mas este registro tem só { $found }, então o arquivo pode estar cortado aqui ou uma aspa pode estar sem par
row-fields-extra = o cabeçalho tem { $expected } campos, mas este registro tem { $found }, então um campo pode conter um delimitador sem aspas ou uma aspa pode estar sem par
note-lines-windows-1252 = { $count } linha(s) não eram UTF-8 válido e foram lidas como Windows-1252: { $lines }
note-column-windows-1252 = { $column } não era UTF-8 válido e foi lido como Windows-1252
reading-start-dropped = { $error }; a data de início ficou vazia
reading-dropped = { $error }; a leitura ficou de fora
merge-same-identifier = mesmo { $name } que o livro { $id }
merge-same-title = mesmo título e autor que o livro { $id }
flag-possible-duplicate = possível duplicata do livro { $ids }: mesmo título e autor mas identificadores diferentes; revise e junte à mão se forem a mesma edição
merge-same-fields = mesmos dados que o livro { $id }
flag-taken-in-archive = mesmo título e autor que o livro { $ids }, que um registro anterior deste arquivo adicionou ou encontrou; mantido como um livro à parte, como no arquivo

## Import: the whole file
file-format-unknown = não foi possível detectar o formato do arquivo: { $reason }
file-empty = o arquivo não tem linha de cabeçalho
file-column-missing = falta a coluna obrigatória { $column } no cabeçalho do arquivo { $format }
file-malformed-json = o arquivo não é um JSON válido: { $error }
file-malformed-csv-header = o cabeçalho CSV não pode ser lido: { $error }
file-malformed-archive = o arquivo não é um arquivo do estante válido: { $error }
file-malformed-librarything = o arquivo não é uma exportação JSON do LibraryThing válida: { $error }
file-json-unknown = o arquivo JSON não é nem um arquivo estante nem uma exportação do LibraryThing
file-header-unknown = o cabeçalho { $header } não corresponde a nenhuma exportação aceita (Goodreads, StoryGraph, LibraryThing ou um arquivo estante); informe o formato (o campo `format`, ou --format na linha de comando)
archive-format = o formato é { $format } (o esperado é { $expected })
archive-version = a versão { $version } não é aceita (esta versão do programa lê a versão { $supported }); exporte de novo com uma versão compatível

## Requests
limit-range = { $limit } não está entre 1 e { $max }
cursor-invalid = não é um cursor desta lista; comece de novo sem ele
stats-year-range = { $year } não está entre 1 e 9999
stats-year-begun = { $year } não está entre 1 e { $latest }; informe um ano que já começou
covers-unavailable = as capas estão indisponíveis: o servidor não tem armazenamento de arquivos configurado
cover-not-image = a capa precisa ser uma imagem JPEG ou PNG
cover-jpeg-cut = a capa está cortada: o JPEG termina antes do marcador de fim de imagem; salve a imagem de novo e envie outra vez
cover-jpeg-too-little-data = a capa está danificada: o JPEG declara { $width } × { $height } pixels, mas tem dados para muito menos; salve a imagem de novo e envie outra vez
cover-png-damaged = a capa está danificada: um bloco do PNG tem a soma de verificação errada, ou o arquivo termina antes do último bloco; salve a imagem de novo e envie outra vez
cover-too-many-pixels = a capa tem { $width } × { $height } pixels, mais de { $max } de lado; reduza a imagem e envie outra vez
cover-too-much-memory = a capa tem { $width } × { $height } pixels e precisa de { $mib } MiB para ser decodificada, mais que os { $max } MiB permitidos; reduza a imagem ou salve-a com 8 bits por canal
cover-damaged = a capa está danificada ({ $reason }); salve a imagem de novo e envie outra vez
cover-no-isbn = o livro não tem ISBN para buscar a capa; adicione um, ou envie a capa
cover-fetch-failed = não foi possível buscar a capa no Open Library ({ $reason }); tente de novo mais tarde, ou envie a capa
import-format-unknown = { $format } não é auto, goodreads, storygraph, librarything nem archive
form-field-unknown = campo de formulário desconhecido; envie `file` e, se quiser, `format`
form-no-file = o formulário não tem o campo `file`
reports-unavailable = os relatórios estão indisponíveis: o servidor não tem armazenamento de arquivos configurado
report-failed = o relatório { $id } falhou: { $error }; peça um novo
report-not-ready = o relatório { $id } está { $status }; consulte { $location } até ele ficar pronto
cursor-sort-invalid = não é um cursor desta lista com as mesmas palavras, filtros e ordenação; comece de novo sem ele
body-not-json = envie o corpo como JSON com Content-Type: application/json
if-match-not-ascii = não é texto ASCII
if-match-not-version = { $value } não é uma versão; envie a ETag da última leitura, como "3"
year-out-of-range = { $year } está fora do intervalo aceito
report-year-and-range = dê o ano ou from e to, não os dois
report-no-period = dê um ano, ou from e to como AAAA-MM-DD
report-to-before-from = { $to } é anterior a from ({ $from })
report-period-too-long = o período pode abranger no máximo { $max } anos
report-not-a-date = { $text } não é uma data; use AAAA-MM-DD
database-migrating = as migrações do banco de dados estão rodando; tente de novo em alguns segundos
method-not-allowed = { $method } não é permitido em { $path }; /api/v1/openapi.json lista as operações de cada caminho
request-timed-out = o pedido levou mais de { $seconds } s; tente de novo, ou envie um pedido menor

## Storage errors, as they appear inside import reports
store-not-found = { $entity } não encontrado
store-version-mismatch = { $entity } foi alterado por outra pessoa (versão atual { $current })
store-duplicate = { $field } { $value } já está em uso
store-invalid = valor inválido em { $field }: { $reason }

## Reading reports in Markdown and HTML
report-title-year = Relatório de leitura de { $year }
report-title-range = Relatório de leitura de { $from } a { $to }
report-books-finished = Livros terminados
report-pages-read = Páginas lidas
report-average = Avaliação média
report-longest = Mais longo
report-shortest = Mais curto
report-first = Primeiro
report-last = Último
report-none = nenhum
report-per-month = Livros por mês
report-top-authors = Autores mais lidos
report-ratings = Avaliações
report-books = Livros
report-column-month = mês
report-column-books = livros
report-column-pages = páginas
report-column-author = autor
report-column-stars = estrelas
report-column-finished = terminado
report-column-title = título
report-column-authors = autores
report-column-rating = avaliação
report-average-value = { $average } estrelas ({ $rated } avaliados)
report-no-ratings = nenhum livro avaliado
report-book-pages = { $title } ({ $pages } páginas, { $finished })
report-one-without-month = 1 livro tem data de término sem mês.
report-without-month = { $count } livros têm data de término sem mês.
isbn-pair-conflict = o ISBN { $ten } e o ISBN13 { $thirteen } são de livros diferentes; os dois foram mantidos

## API field names inside error text
field-title = título
field-subtitle = subtítulo
field-pages = páginas
field-published-year = publicado
field-original-year = 1ª publicação
field-contributors = autores
field-series = série
field-description = descrição
field-review = resenha
field-private-notes = notas privadas
field-owned-copies = exemplares
field-date-added = data de inclusão
field-status-date = data da mudança de estado
field-entry = entrada
field-shelf = estante
field-tag = etiqueta
field-started = início
field-finished = término
field-stopped = interrupção
field-progress = progresso
field-progress-unit = unidade de progresso
field-rating = avaliação
field-min-rating = avaliação mínima
field-year-read = ano de leitura
field-shelf-name = nome de estante
field-tag-name = nome de tag
field-year = ano
field-isbn13 = ISBN-13
field-isbn10 = ISBN-10
query-not-whole-number = { $field }: “{ $value }” não é um número inteiro do tipo que este parâmetro aceita; envie só algarismos, como 10
query-number-too-large = { $field }: { $value } é grande demais; envie um número menor
query-not-number = { $field }: “{ $value }” não é um número; envie um como 3.5
key-twice = “{ $key }” aparece duas vezes no mesmo objeto, e só um valor pode ser mantido; envie a chave uma vez
merge-same-book = { $id } é o próprio livro; informe o id da outra cópia
merge-from-missing = o livro { $id } não está nesta biblioteca
merge-not-object = envie um objeto JSON com o id da cópia a juntar em from
query-unknown = não há parâmetro de consulta com este nome aqui; os parâmetros são { $expected }
archive-unknown-keys = o arquivo tem chaves ao lado dos registros que esta versão não lê: { $keys }; o que elas guardam não foi importado
archive-unknown-fields = ele tem campos que um arquivo do estante não tem: { $fields }; confira a grafia, ou exporte o arquivo de novo pelo estante
note-other-series = o título também cita { $series }; um livro guarda uma série, então só a primeira ficou
merge-joined-invalid = os textos dos dois livros juntos: { $reason }; encurte um deles antes
merge-open-reading = uma leitura começada em { $started } e não terminada
merge-cover-dropped = a capa do livro { $id }
query-none-taken = esta operação não recebe parâmetros de consulta; envie-a sem eles
